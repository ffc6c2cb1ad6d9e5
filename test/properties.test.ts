/**
 * Property-based tests (fast-check, seeded): random Markdown mixed with
 * annotation syntax and hostile HTML never throws, every diagnostic points
 * inside the file, sanitizing the handout again changes nothing, and no page
 * has an event-handler attribute or a javascript: URL.
 */
import type {Element, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import fc from 'fast-check'
import rehypeParse from 'rehype-parse'
import rehypeSanitize from 'rehype-sanitize'
import rehypeStringify from 'rehype-stringify'
import {unified} from 'unified'
import {visit} from 'unist-util-visit'
import {describe, expect, test} from 'vitest'
import {handoutSchema} from '../src/handout/schema.js'
import {renderHandoutBody} from '../src/handout/render.js'
import {VFile} from 'vfile'
import {buildBrief, tempProject, analyze} from './helpers.js'

const RUNS = Number(process.env.PROPERTY_RUNS ?? 3000)
const SEED = 20261123

const fragment = fc.oneof(
  fc.constantFrom(
    '::source{#a title="A report" url="https://example.org"}',
    '::source{#b title="B"',
    '::credit{#c author="X" license="CC-BY-4.0"}',
    '::figure{src="https://example.org/x.png" alt="x" credit=c layout="bg right:40%"}',
    ':cite[a]',
    ':cite[a, b]{loc="p. 4"}',
    ':cite[nowhere]',
    ':::quote{by="Someone" source=a}',
    ':::notes',
    ':::handout',
    ':::slides',
    '::::handout',
    ':::',
    '::::',
    '::sources',
    '::credits',
    '::unknown{x=1}',
    '---',
    '\n\n',
    '\n',
    '> ',
    '- ',
    '1. ',
    '# ',
    '```\n',
    '*',
    '_',
    '**bold**',
    '10:30',
    'U.S.:x',
    '3:1',
    '<!-- _class: lead -->',
    '<!-- note -->',
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    '<a href="javascript:alert(1)">x</a>',
    '<svg onload=alert(1)>',
    '<style>h1{color:red}</style>',
    '[x](https://example.org)',
    '[x](javascript:alert(1))',
    '![bg](https://example.org/y.jpg)',
    '<details open ontoggle=alert(1)>',
    '&lt;&amp;',
    '{',
    '}',
    '"',
    '[',
    ']'
  ),
  fc.string({maxLength: 12}),
  fc.string({unit: 'grapheme', maxLength: 6})
)

const body = fc.array(fragment, {maxLength: 40}).map((parts) => parts.join(''))

function handlerOrScriptUrl(tree: Root): string[] {
  const found: string[] = []
  visit(tree, 'element', (element: Element) => {
    for (const [name, value] of Object.entries(element.properties)) {
      if (/^on/i.test(name)) found.push(`${element.tagName}[${name}]`)
      const text = Array.isArray(value) ? value.join(' ') : String(value)
      if (/^(href|src|action|formAction|xLinkHref)$/i.test(name) && /^\s*javascript:/i.test(text.replace(/[\u0000-\u0020]/g, ''))) {
        found.push(`${element.tagName}[${name}=${text}]`)
      }
    }
  })
  return found
}

describe('properties', () => {
  test('analysis never throws, and every diagnostic has a position inside the file', () => {
    fc.assert(
      fc.property(body, (text) => {
        const value = `---\ntitle: Random\n---\n\n${text}\n`
        const file = new VFile({path: 'random.md', value})
        analyze(file, {files: false})
        const lines = value.split('\n')
        for (const message of file.messages) {
          expect(message.line, message.reason).toBeGreaterThanOrEqual(1)
          expect(message.line).toBeLessThanOrEqual(lines.length)
          expect(message.column).toBeGreaterThanOrEqual(1)
          expect(message.column).toBeLessThanOrEqual((lines[(message.line ?? 1) - 1]?.length ?? 0) + 1)
          expect(message.ruleId).toMatch(/^[a-z-]+$/)
        }
      }),
      {seed: SEED, numRuns: RUNS}
    )
  })

  test('whole pages never throw, sanitizing the handout twice changes nothing, and no page has a handler or javascript: URL', async () => {
    const root = tempProject()
    const resanitize = unified().use(rehypeParse, {fragment: true}).use(rehypeSanitize, handoutSchema).use(rehypeStringify)
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const value = `---\ntitle: Random\n---\n\n${text}\n`
        const built = await buildBrief(value, {root})
        if (built.file.messages.some((message) => message.fatal)) return
        for (const tree of [built.deck, built.handout]) expect(handlerOrScriptUrl(tree as Root)).toEqual([])
        const file = new VFile({path: 'random.md', value})
        const {tree, data} = analyze(file, {root})
        const once = await renderHandoutBody(tree, data)
        const twice = String(await resanitize.process(once))
        expect(twice).toBe(once)
        expect(handlerOrScriptUrl(fromHtml(once, {fragment: true}))).toEqual([])
      }),
      {seed: SEED, numRuns: Math.max(200, Math.floor(RUNS / 2))}
    )
  })
})
