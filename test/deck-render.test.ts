/**
 * The deck renderer keeps each packed theme CSS: a deck rendered after others
 * gets exactly the HTML and CSS that a fresh marp-core gives it, and so does a
 * deck whose inline HTML it filtered before.
 */
import {createRequire} from 'node:module'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {createDeckRenderer} from '../src/deck/render.js'
import {loadThemes} from '../src/render/themes.js'
import {REPO} from './helpers.js'

const require = createRequire(import.meta.url)
const {Marp} = require('@marp-team/marp-core') as typeof import('@marp-team/marp-core')
const themes = loadThemes({dirs: [path.join(REPO, 'themes')]})

const decks = {
  plain: '---\nmarp: true\ntheme: briefing\n---\n\n# One\n\n---\n\n## Two',
  dark: '---\nmarp: true\ntheme: briefing-dark\n---\n\n# Dark',
  size: '---\nmarp: true\ntheme: briefing\nsize: 4:3\n---\n\n# Four by three',
  math: '---\nmarp: true\ntheme: briefing\n---\n\n# Math\n\n$e^{i\\pi} + 1 = 0$ and $$\\sum_i x_i$$',
  style: '---\nmarp: true\ntheme: gaia\n---\n\n<style>\nh1 { color: rgb(1, 2, 3) }\n</style>\n\n# Styled',
  header: '---\nmarp: true\ntheme: briefing\nheader: "A header"\npaginate: true\n---\n\n# With header'
}

function fresh(markdown: string) {
  // The options briefdeck renders with: emoji as Unicode text (see deck/render.ts).
  const marp = new Marp({inlineSVG: true, emoji: {shortcode: true, unicode: false}})
  for (const theme of themes.deck.values()) if (theme.css) marp.themeSet.add(theme.css)
  const {html, css} = marp.render(markdown, {htmlAsArray: true})
  return {html: html.join(''), css}
}

describe('packed theme CSS is reused only when nothing it depends on changed', () => {
  const renderer = createDeckRenderer(themes.deck.values())
  const order = [...Object.keys(decks), ...Object.keys(decks).reverse(), ...Object.keys(decks)] as Array<keyof typeof decks>

  test.each(order.map((name, index) => [index, name]))('render %i: %s', (_index, name) => {
    const ours = renderer.render(decks[name])
    const theirs = fresh(decks[name])
    expect(ours.css).toBe(theirs.css)
    expect(ours.slides.join('')).toBe(theirs.html)
  })

  test('the variants really differ (the comparison has teeth)', () => {
    // A header changes the slides, not the CSS; every other variant changes the CSS.
    const variants = [decks.plain, decks.dark, decks.size, decks.math, decks.style]
    expect(new Set(variants.map((markdown) => renderer.render(markdown).css)).size).toBe(variants.length)
  })
})

describe('inline HTML is filtered once per distinct piece, as a fresh marp-core filters it', () => {
  const renderer = createDeckRenderer(themes.deck.values())
  // Pieces Marp keeps, pieces it drops or escapes, attributes it keeps and drops, and the same pieces again in other decks.
  const pieces = [
    '<bdi>Kagan</bdi> said',
    '<sup class="citation">[1]</sup>',
    '<small class="credit">Photo: <a href="https://example.org" onclick="x()">A. B.</a></small>',
    '<span style="color: red" title="t">styled</span>',
    '<script>alert(1)</script>',
    '<img src="x.png" onerror="alert(1)" alt="x">',
    '<iframe src="https://example.org"></iframe>',
    '<b onmouseover="alert(1)">bold</b> and <B>upper</B>',
    '<bdi dir="rtl">مرحبا</bdi>',
    '<br>',
    '</bdi>'
  ]
  const deck = (order: string[]) => `---\nmarp: true\ntheme: briefing\n---\n\n# Pieces\n\n${order.map((piece) => `- ${piece}`).join('\n')}\n\n---\n\n${order.join(' ')}\n`
  const orders = [pieces, [...pieces].reverse(), pieces.filter((_piece, index) => index % 2 === 0), [...pieces, ...pieces]]

  test.each(orders.map((order, index) => [index, order]))('deck %i', (_index, order) => {
    const markdown = deck(order)
    expect(renderer.render(markdown).slides.join('')).toBe(fresh(markdown).html)
  })

  test('the comparison has teeth: Marp drops what it does not allow, and keeps what it does', () => {
    const html = renderer.render(deck(pieces)).slides.join('')
    expect(html).toContain('<bdi>Kagan</bdi>')
    expect(html).toContain('<sup class="citation">')
    expect(html).not.toContain('onerror')
    expect(html).not.toContain('onclick')
    expect(html).not.toMatch(/<script>alert/)
  })
})

test('a piece of inline HTML met before is not filtered again: Marp builds no new filter for it', () => {
  const xss = require('xss') as {FilterXSS: new (...args: unknown[]) => object}
  const renderer = createDeckRenderer(themes.deck.values())
  const original = xss.FilterXSS
  let built = 0
  const counting = function (this: unknown, ...args: unknown[]) {
    built++
    return new original(...args)
  } as unknown as typeof original
  counting.prototype = original.prototype
  xss.FilterXSS = counting
  try {
    const deck = (copies: number) => `---\nmarp: true\ntheme: briefing\n---\n\n# Pieces\n\n${'<bdi>Kagan</bdi> and <sup class="citation">1</sup> '.repeat(copies)}\n`
    renderer.render(deck(1))
    const afterFirst = built
    renderer.render(deck(40))
    // The stock filter builds one per piece: 160 more for the second deck (the control below shows the counter sees them).
    expect(built - afterFirst).toBe(0)
    fresh(deck(40))
    expect(built - afterFirst).toBeGreaterThanOrEqual(160)
  } finally {
    xss.FilterXSS = original
  }
})
