/**
 * No attribute value, caption, locator, credit or front matter value can add
 * a slide, an HTML element, a style, a directive comment or math to deck.md.
 * Property tests put every character class (line breaks of every kind, `<`,
 * `-->`, `---`, `$`, backticks, brackets, entities …) into every free-text
 * attribute, then read deck.md with Marp's own parser and compare what it sees
 * with what the brief wrote.
 */
import {createRequire} from 'node:module'
import fc from 'fast-check'
import {VFile} from 'vfile'
import {describe, expect, test} from 'vitest'
import {buildDeck} from '../src/deck/deck.js'
import {analyze, env, tempProject} from './helpers.js'

const require = createRequire(import.meta.url)
const {Marp} = require('@marp-team/marp-core') as typeof import('@marp-team/marp-core')

const RUNS = Number(process.env.PROPERTY_RUNS ?? 3000) / 10
const SEED = 20261125

interface Token {
  type: string
  content: string
  meta?: {marpitParsedDirectives?: Record<string, unknown>} | null
  children: Token[] | null
}

/** Pieces an attacker reaches for, and every kind of line break. */
const piece = fc.oneof(
  fc.constantFrom(
    '\n', '\r', '\r\n', '\n\n', '\u2028', '\u2029', '\u0085', '\u000b', '\u000c', '\t', '\u0000',
    '<', '>', '<style>h1{color:red}</style>', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<!--', '-->',
    '<!-- _class: evil -->', '<!-- style: h1{color:red} -->', 'backgroundColor: red', '---', '***', '___', '# Heading', '## Heading',
    '$', '$x$', '$$', '\\(x\\)', '`', '```', '~~~', '*', '**bold**', '_', '[', ']', '(', ')', '![x](https://evil.example/x.png)',
    '[link](javascript:alert(1))', '<https://evil.example>', '&', '&lt;', '&#60;', '"', "'", '\\', '|', '{', '}', ':', '::', ':::', '::figure{src=x}',
    ':cite[x]', '- item', '1. item', '> quote', '    indented', '=', '~', '^', 'é', '👍', ':smile:', 'x'
  ),
  fc.string({maxLength: 6})
)
const value = fc.array(piece, {minLength: 1, maxLength: 8}).map((parts) => `v ${parts.join('')}`)

/** Characters an attribute may not hold at all (an error of their own, tested below): replaced here by spaces. */
const FORBIDDEN = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u200B\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g

/** An attribute value in directive syntax: quoted, with character references for quotes and ampersands. */
function attr(text: string): string {
  return `"${text.replace(FORBIDDEN, ' ').replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`
}

/** The same, with control characters left in as character references (`&#10;`), as an attacker would write them. */
function rawAttr(text: string): string {
  return `"${text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, (c) => `&#${c.charCodeAt(0)};`)}"`
}

/** A YAML double-quoted scalar (JSON is one). */
const yaml = (text: string) => JSON.stringify(text)

function brief(v: string[]): string {
  return `---
title: ${yaml(v[0])}
subtitle: ${yaml(v[1])}
author: ${yaml(v[2])}
organization: ${yaml(v[3])}
---

::source{#s title=${attr(v[4])} author=${attr(v[5])} publisher=${attr(v[6])}}
::credit{#c title=${attr(v[7])} author=${attr(v[8])} via=${attr(v[9])} license="CC-BY-4.0"}

## One

A claim:cite[s]{loc=${attr(v[10])}} and the figure.

::figure{src="https://example.org/photo.png" alt=${attr(v[11])} caption=${attr(v[12])} credit=c layout=${attr(v[13])}}

---

:::quote{by=${attr(v[14])} role=${attr(v[15])} source=s loc=${attr(v[16])}}
Quoted.
:::
`
}

const marp = new Marp({inlineSVG: true})

/** What Marp sees in the deck: slides, raw HTML, directive comments, math, images, links. */
function inventory(markdown: string) {
  const tokens = marp.markdown.parse(markdown, {}) as Token[]
  const flat = tokens.flatMap((token) => [token, ...(token.children ?? [])])
  return {
    slides: flat.filter((token) => token.type === 'marpit_slide_open').length,
    html: flat.filter((token) => token.type === 'html_block' || token.type === 'html_inline').map((token) => token.content.trim()),
    styles: flat.filter((token) => /style/.test(token.type)).length,
    directives: flat
      .filter((token) => token.type === 'marpit_comment' && Object.keys(token.meta?.marpitParsedDirectives ?? {}).length > 0)
      .map((token) => Object.keys(token.meta?.marpitParsedDirectives ?? {}).sort().join(',')),
    math: flat.filter((token) => /math/.test(token.type)).length,
    images: flat.filter((token) => token.type === 'image').length,
    links: flat.filter((token) => token.type === 'link_open').length,
    globals: Object.keys((marp as unknown as {lastGlobalDirectives: object}).lastGlobalDirectives ?? {}).sort()
  }
}

const OUR_HTML = [
  /^<sup class="citation">$/,
  /^<\/sup>$/,
  /^<span class="caption">$/,
  /^<\/span>$/,
  /^<small class="credit">$/,
  /^<\/small>$/,
  /^<figure class="quote">\n<blockquote>$/,
  /^<\/blockquote>$/,
  /^<figcaption>[^<]*(<sup class="citation">[^<]*<\/sup>)?<\/figcaption>$/,
  /^<\/figure>$/,
  /^<bdi>$/,
  /^<\/bdi>$/
]

describe('deck.md is built from trees', () => {
  const root = tempProject()
  const deckOf = (source: string) => {
    const file = new VFile({path: `${root}/decks/x.md`, value: source, cwd: root})
    const {tree, data} = analyze(file, {root})
    const fatal = file.messages.filter((message) => message.fatal).map((message) => `${message.ruleId}: ${message.reason}`)
    return {fatal, deck: fatal.length === 0 ? buildDeck(tree, data, env.deck) : undefined}
  }

  test('a plain version of the brief has the slides and HTML we expect (the harness sees them)', () => {
    const {deck, fatal} = deckOf(brief(Array.from({length: 17}, () => 'plain text')))
    expect(fatal).toEqual([])
    const seen = inventory(deck?.markdown ?? '')
    // Title, two content slides, Sources, Image credits.
    expect(seen.slides).toBe(5)
    expect(seen.images).toBe(1)
    expect(seen.math).toBe(0)
    expect(seen.directives.sort()).toEqual(['_class', '_class', '_class', '_class', '_footer', '_paginate'])
    for (const html of seen.html) expect(OUR_HTML.some((pattern) => pattern.test(html)), html).toBe(true)
    // The harness would see an injected element, comment or slide.
    expect(seen.styles).toBe(0)
    const injected = inventory(`${deck?.markdown}\n<style>x</style>\n\n<div>x</div>\n\n<!-- _class: evil -->\n\n---\n\n$x$\n`)
    expect(injected.slides).toBe(6)
    expect(injected.styles).toBeGreaterThan(0)
    expect(injected.html).toContain('<div>x</div>')
    expect(injected.math).toBeGreaterThan(0)
  })

  test('no value in any attribute or front matter field adds a slide, an element, a directive, math, an image or a link', () => {
    const plain = inventory(deckOf(brief(Array.from({length: 17}, () => 'plain text'))).deck?.markdown ?? '')
    let built = 0
    fc.assert(
      fc.property(fc.array(value, {minLength: 17, maxLength: 17}), (values) => {
        const {deck} = deckOf(brief(values))
        // Values that analysis refuses never reach the deck; the rest must be inert there.
        if (!deck) return
        built++
        const seen = inventory(deck.markdown)
        expect(seen.slides).toBe(plain.slides)
        expect(seen.images).toBe(plain.images)
        expect(seen.links).toBe(plain.links)
        expect(seen.math).toBe(0)
        expect(seen.styles).toBe(0)
        expect(seen.directives.sort()).toEqual(plain.directives.sort())
        expect(seen.globals).toEqual(plain.globals)
        for (const html of seen.html) expect(OUR_HTML.some((pattern) => pattern.test(html)), html).toBe(true)
        expect(deck.rendered.slides).toHaveLength(plain.slides)
      }),
      {seed: SEED, numRuns: RUNS}
    )
    // Most runs reach the deck: the property is not passing on briefs that never built.
    expect(built).toBeGreaterThan(RUNS * 0.8)
  })

  test('a line break or control character in any attribute, written as a character reference, is an error and no deck', () => {
    // The controls a character reference can give (`&#0;`, `&#11;`, `&#27;` … read as U+FFFD, `&#133;` as `…`).
    const control = fc.constantFrom('\n', '\r', '\r\n', '\u2028', '\u2029', '\u000c', '\t')
    fc.assert(
      fc.property(fc.integer({min: 4, max: 16}), value, control, (index, text, character) => {
        const values = Array.from({length: 17}, () => 'plain text')
        values[index] = `${text}${character}<!-- _class: evil -->`
        const source = brief(values).replace(attr(values[index]), () => rawAttr(values[index]))
        const {deck, fatal} = deckOf(source)
        expect(deck).toBeUndefined()
        expect(fatal.some((message) => message.startsWith('attribute-control-character: '))).toBe(true)
      }),
      {seed: SEED, numRuns: 60}
    )
  })
})

describe('speaker notes stay notes', () => {
  test.each([
    'style: h1 { color: red }',
    '_backgroundColor: red',
    'class: evil\n_color: red',
    '{style: "h1 {color: red}"}',
    'theme: gaia'
  ])('notes reading %j are notes in the deck, never a directive', (notes) => {
    const root = tempProject()
    const source = `---\ntitle: Notes\n---\n\n## Slide\n\nText.\n\n:::notes\n${notes}\n:::\n`
    const file = new VFile({path: `${root}/decks/x.md`, value: source, cwd: root})
    const {tree, data} = analyze(file, {root})
    const deck = buildDeck(tree, data, env.deck)
    const seen = inventory(deck.markdown)
    // Only the title slide's own directives.
    expect(seen.directives.sort()).toEqual(['_class', '_footer', '_paginate'])
    expect(seen.globals.sort()).toEqual(['lang', 'theme'].filter((key) => seen.globals.includes(key)))
    expect(deck.rendered.css).not.toMatch(/color:\s*red/)
    const shown = deck.rendered.notes[1].replace(/\uA789/g, ':')
    expect(shown).toBe(notes)
    // Prose notes are left exactly as written.
    const prose = buildDeck(analyze(new VFile({path: `${root}/decks/y.md`, value: source.replace(notes, 'Say: this, then that.'), cwd: root}), {root}).tree, data, env.deck)
    expect(prose.markdown).toContain('Say: this, then that.')
  })
})
