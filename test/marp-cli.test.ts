/**
 * deck.md is plain Marp Markdown: stock marp-cli with `--theme-set themes/`
 * renders the same slides (same count, same text) as our deck.html.
 */
import {execFile} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'
import {fromHtml} from 'hast-util-from-html'
import {expect, test} from 'vitest'
import {build} from '../src/pipeline/build.js'
import {REPO, slides, slideText} from './helpers.js'

const run = promisify(execFile)

test('marp-cli renders deck.md to the same slides as deck.html', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-marp-'))
  const result = await build({root: REPO, paths: ['decks/russia-iran-partnership.md'], out: out})
  expect(result.errors).toBe(0)
  const deckMd = path.join(out, 'russia-iran-partnership', 'deck.md')
  const marpHtml = path.join(out, 'marp-cli.html')
  const cli = path.join(REPO, 'node_modules', '@marp-team', 'marp-cli', 'marp-cli.js')
  const {stderr} = await run(process.execPath, [cli, '--no-stdin', '--no-config-file', '--theme-set', path.join(REPO, 'themes'), '-o', marpHtml, deckMd], {cwd: REPO})
  expect(stderr).not.toMatch(/\[\s*ERROR\s*\]/)
  const ours = slides(fromHtml(fs.readFileSync(path.join(out, 'russia-iran-partnership', 'deck.html'), 'utf8')))
  const theirs = slides(fromHtml(fs.readFileSync(marpHtml, 'utf8')))
  expect(ours.length).toBeGreaterThan(10)
  expect(theirs.length).toBe(ours.length)
  expect(theirs.map(slideText)).toEqual(ours.map(slideText))
})
