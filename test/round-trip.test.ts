/**
 * `remark().use(briefdeck).use(remarkStringify)`: every brief in the
 * repository (decks/, examples/, the test fixtures) is written back to
 * Markdown that parses to the same tree, so teams can format and lint briefs
 * with remark-cli.
 */
import fs from 'node:fs'
import path from 'node:path'
import type {Root} from 'mdast'
import {remark} from 'remark'
import {VFile} from 'vfile'
import {describe, expect, test} from 'vitest'
import remarkBriefdeck from '../src/remark/index.js'
import {REPO} from './helpers.js'

function briefsIn(dir: string): string[] {
  return fs.readdirSync(dir, {withFileTypes: true, recursive: true}).flatMap((entry) => {
    const full = path.join(entry.parentPath, entry.name)
    return entry.isFile() && entry.name.endsWith('.md') && !full.includes('node_modules') && !full.includes('_site') ? [full] : []
  })
}

const BRIEFS = [...briefsIn(path.join(REPO, 'decks')), ...briefsIn(path.join(REPO, 'examples')), ...briefsIn(path.join(REPO, 'test', 'fixtures'))].sort()

/** The tree without positions (which change when the Markdown is reformatted). */
function shape(tree: unknown): unknown {
  return JSON.parse(JSON.stringify(tree, (key, value) => (key === 'position' || key.endsWith('Position') ? undefined : value)))
}

async function run(value: string, where: string): Promise<{tree: Root; markdown: string}> {
  const processor = remark().use(remarkBriefdeck, {root: REPO})
  const file = new VFile({path: where, value, cwd: REPO})
  const tree = (await processor.run(processor.parse(file), file)) as Root
  return {tree, markdown: processor.stringify(tree, file)}
}

describe('remark-stringify after briefdeck', () => {
  test('there are briefs to try', () => {
    expect(BRIEFS.length).toBeGreaterThan(30)
  })

  test.each(BRIEFS.map((file) => [path.relative(REPO, file), file]))('%s writes back to the same tree', async (_name, file) => {
    const first = await run(fs.readFileSync(file, 'utf8'), file)
    expect(first.markdown).not.toMatch(/Cannot handle unknown node/)
    const second = await run(first.markdown, file)
    expect(shape(second.tree)).toEqual(shape(first.tree))
    // And writing it again changes nothing: the output is stable.
    expect(second.markdown).toBe(first.markdown)
  })
})
