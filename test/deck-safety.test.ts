/**
 * What Marp reads from deck.md, checked with a fresh marp-core (the reference):
 * no style, no directive the brief did not write openly, no unsafe math, no
 * emoji from a CDN. And the deck's own last check, which fails closed when an
 * earlier step lets something through.
 */
import {Marp} from '@marp-team/marp-core'
import type {Root, RootContent} from 'mdast'
import path from 'node:path'
import {VFile} from 'vfile'
import {describe, expect, test} from 'vitest'
import {serializeDeck} from '../src/deck/markdown.js'
import {createDeckRenderer} from '../src/deck/render.js'
import {unsafeHtml, verifyDeck} from '../src/deck/verify.js'
import {renderBriefPages} from '../src/pipeline/brief-pages.js'
import {createAnalyzer} from '../src/preset.js'
import {brief, env, tempProject} from './helpers.js'

interface MarpView {
  styles: string[]
  directives: string[]
  hrefs: string[]
  html: string
}

/** deck.md as stock marp-core reads it. */
function marpView(markdown: string): MarpView {
  const marp = new Marp({inlineSVG: true})
  const tokens = marp.markdown.parse(markdown, {}) as Array<{type: string; meta?: {marpitParsedDirectives?: object}; children?: Array<{type: string; meta?: {marpitParsedDirectives?: object}}> | null}>
  const {html} = marp.render(markdown)
  const flat = tokens.flatMap((token) => [token, ...(token.children ?? [])])
  return {
    styles: [...((marp as unknown as {lastStyles?: string[]}).lastStyles ?? [])],
    directives: flat.filter((token) => token.type === 'marpit_comment').flatMap((token) => Object.keys(token.meta?.marpitParsedDirectives ?? {})),
    hrefs: [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]),
    html
  }
}

async function build(source: string, allowStyles = false) {
  const root = tempProject()
  const file = new VFile({path: path.join(root, 'decks', 'brief.md'), value: source, cwd: root})
  const analyzed = createAnalyzer({root, allowStyles})(file)
  if (file.messages.some((message) => message.fatal)) return {file}
  const pages = await renderBriefPages(analyzed, file, env, {allowStyles})
  return {file, markdown: file.messages.some((message) => message.fatal) ? undefined : pages.files.get('deck.md')}
}

const STYLE_ATTACKS = [
  'Text <sty<style>le>h1{color:red}</style> more',
  '<sty<style>x</style>le>\nh1{display:none}\n</style>',
  '<sty\n\n<style>x</style>le>h1{}</style>',
  '<style>h1{color:red}</style>',
  '<STYLE>h1{color:red}</STYLE>',
  '<style\n>h1{color:red}</style>',
  '<!-- style: h1{color:red} -->',
  '<!--\nstyle: "h1{background:url(https://evil.example/t.png)}"\n-->',
  '<div><style>h1{color:red}</style></div>',
  '- item\n\n  <style>h1{color:red}</style>',
  '> <style>h1{color:red}</style>',
  ':::notes\nstyle: h1{color:red}\n:::',
  ':::notes\n_backgroundColor: red\n_backgroundImage: url(https://evil.example/t.png)\n:::',
  ':::notes\nstyle: |\n  h1 {color: red}\n:::',
  ':::slides\n:::notes\nbackgroundImage: url(https://evil.example/t.png)\n:::\n:::',
  ':::notes\n{style: "h1 {color: red}"}\n:::'
]

describe('what Marp reads from deck.md', () => {
  test.each(STYLE_ATTACKS)('%j: no style and no background reaches Marp', async (body) => {
    const built = await build(brief(`## Slide\n\n${body}\n`))
    if (built.markdown === undefined) {
      // Refused: then with an error at a place in the brief.
      expect(built.file.messages.filter((message) => message.fatal).length).toBeGreaterThan(0)
      return
    }
    const view = marpView(built.markdown)
    expect(view.styles).toEqual([])
    expect(view.directives.filter((name) => /style|background/i.test(name))).toEqual([])
    expect(view.html).not.toContain('evil.example')
  })

  test('the control: an open style with allowStyles reaches Marp, so the harness sees styles', async () => {
    const built = await build(brief('## Slide\n\n<style>h1{color:red}</style>\n\n<!-- _backgroundColor: navy -->\n'), true)
    const view = marpView(built.markdown as string)
    expect(view.styles.join('')).toContain('color:red')
    expect(view.directives).toContain('_backgroundColor')
  })

  test('with allowStyles, notes still never become directives', async () => {
    const built = await build(brief('## Slide\n\n:::notes\nstyle: h1{color:red}\n_backgroundColor: red\n:::\n'), true)
    const view = marpView(built.markdown as string)
    expect(view.styles).toEqual([])
    expect(view.directives).toEqual(expect.not.arrayContaining(['style', '_backgroundColor']))
  })
})

describe('the deck’s last check fails closed', () => {
  const renderer = createDeckRenderer([])
  const deckOf = (children: RootContent[]) => {
    const root: Root = {type: 'root', children: [{type: 'yaml', value: 'marp: true'}, ...children]}
    const tree = {root, origins: new Map(), dividerLevels: new Set<number>()}
    return {tree, rendered: renderer.render(serializeDeck(root).markdown)}
  }

  test('a style that reached the deck tree is refused, and with allowStyles only if it loads something', () => {
    const {tree, rendered} = deckOf([{type: 'html', value: '<style>h1{color:red}</style>'}])
    expect(verifyDeck(tree, rendered).map((problem) => problem.reason).join()).toContain('Marp would apply a style')
    expect(verifyDeck(tree, rendered, {allowStyles: true})).toEqual([])
    const remote = deckOf([{type: 'html', value: '<style>h1{background:url(https://evil.example/t.png)}</style>'}])
    expect(verifyDeck(remote.tree, remote.rendered, {allowStyles: true}).map((problem) => problem.reason).join()).toContain('url(https://evil.example/t.png)')
  })

  test('notes that Marp would read as directives are refused; the same comment written openly is fine', () => {
    const notes = deckOf([{type: 'html', value: '<!--\n_backgroundColor: red\n-->', data: {speakerNotes: true}}])
    const problems = verifyDeck(notes.tree, notes.rendered)
    expect(problems).toHaveLength(1)
    expect(problems[0].reason).toContain('`_backgroundColor`')
    expect(problems[0].line).toBe(4)
    const open = deckOf([{type: 'html', value: '<!--\n_backgroundColor: red\n-->'}])
    expect(verifyDeck(open.tree, open.rendered)).toEqual([])
  })

  test('a javascript: link, a script or an event handler in Marp’s HTML (from math, say) is refused', () => {
    const rendered = renderer.render('---\nmarp: true\n---\n\n$\\href{javascript:alert(1)}{x}$ and $\\bbox[a:1"><script>document.title=1</script><g x="]{x}$\n')
    expect(unsafeHtml(rendered.html, rendered.runtimeScripts)).toEqual(['an address "javascript:alert(1)"', 'a <script> element'])
    expect(unsafeHtml('<a href="jav&#x61;script:x">')).toEqual(['an address "javascript:x"'])
    expect(unsafeHtml("<a href=' javascript:x'>")).toEqual(['an address " javascript:x"'])
    expect(unsafeHtml('<svg><rect onmouseover="alert(1)"/></svg>')).toEqual(['an event handler (onmouseover)'])
    expect(unsafeHtml('<a href="https://ok.example/">x</a><img src="data:image/png;base64,AA=="><a href="#s2">')).toEqual([])
    // marp-core's own inline script is the one a deck may have.
    const plain = renderer.render('---\nmarp: true\n---\n\n# Title\n')
    expect(plain.runtimeScripts.length).toBeGreaterThan(0)
    expect(unsafeHtml(plain.html, plain.runtimeScripts)).toEqual([])
  })

  test('a brief whose deck fails the check gets a positioned deck-style error and no outputs', async () => {
    // Only a style that got past the analysis reaches this check; make one get past by keeping the node.
    const root = tempProject()
    const file = new VFile({path: path.join(root, 'decks', 'brief.md'), value: brief('## One\n\nText\n\n---\n\n## Two\n\n<style>h1{color:red}</style>\n'), cwd: root})
    const analyzed = createAnalyzer({root, allowStyles: true})(file)
    await renderBriefPages(analyzed, file, env, {allowStyles: false})
    const error = file.messages.find((message) => message.ruleId === 'deck-style')
    expect(error?.fatal).toBe(true)
    expect(error?.line).toBe(11)
    expect(error?.reason).toContain('so the deck is not written')
  })
})

describe('math and emoji', () => {
  test.each([
    ['$\\href{javascript:alert(1)}{x}$', '\\href'],
    ['$$\n\\style{background:url(https://evil.example/t)}{x}\n$$', '\\style'],
    ['$\\def\\h{\\href}\\h{https://e.example}{x}$', '\\def'],
    ['$\\newcommand{\\h}{\\href} x$', '\\newcommand'],
    ['$\\require{html}$', '\\require'],
    ['$\\class{x}{y}$', '\\class'],
    ['$\\unicode[Arial]{x41}$', '\\unicode'],
    ['$\\bbox[a:1"><script>alert(1)</script><g x="]{x}$', '"'],
    ['$\\bbox[border:1px" onmouseover="alert(1)]{x}$', '"'],
    ["$\\bbox[mask-image:image-set('https://evil.example/m.png' 1x)]{x}$", '\\bbox'],
    ['$\\bbox[background:url(https://evil.example/t)]{x}$', '\\bbox'],
    ["$\\fcolorbox{red' x='}{blue}{x}$", '\\fcolorbox'],
    ['$\\color{expression(alert(1))}{x}$', '\\color'],
    ['$\\enclose{circle}[mathcolor=red]{x}$', '\\enclose']
  ])('%j is an error at the macro', async (body, what) => {
    const built = await build(brief(`## Math\n\n${body}\n`))
    const error = built.file.messages.find((message) => message.ruleId === 'unsafe-math')
    expect(error?.fatal).toBe(true)
    expect(error?.reason).toContain(`\`${what}`)
    expect(error?.line).toBeGreaterThanOrEqual(7)
    expect(built.markdown).toBeUndefined()
  })

  test('KaTeX, which loads its fonts from a CDN, is refused even when asked for openly', async () => {
    const built = await build(brief('## Math\n\n<!-- math: katex -->\n\n$x$\n'))
    const error = built.file.messages.find((message) => message.ruleId === 'deck-style')
    expect(error?.reason).toContain('loads fonts from a CDN')
    expect(built.markdown).toBeUndefined()
  })

  test('ordinary math still renders, colours and boxes included', async () => {
    const built = await build(brief('## Math\n\n$E = mc^2$ and $\\frac{a}{b}\\color{red}{x}$ and $\\bbox[yellow,5px,border:1px solid #0b2545]{y} f\'(x)$\n'))
    expect(built.file.messages.filter((message) => message.fatal)).toEqual([])
    expect(marpView(built.markdown as string).html).toContain('<svg')
  })

  test('emoji are Unicode text in deck.html, with no image from a CDN; marp-core’s default would load them', async () => {
    const built = await build(brief('## Emoji\n\nGood :smile: and 😀 and :+1:\n'))
    const root = tempProject()
    const file = new VFile({path: path.join(root, 'decks', 'brief.md'), value: brief('## Emoji\n\nGood :smile: and 😀\n'), cwd: root})
    const pages = await renderBriefPages(createAnalyzer({root})(file), file, env)
    const deckHtml = pages.files.get('deck.html') as string
    expect(deckHtml).toContain('😄')
    expect(deckHtml).toContain('😀')
    expect(deckHtml).not.toMatch(/twemoji|jsdelivr|<img[^>]+emoji/i)
    // The control: stock marp-core makes the same Markdown load Twemoji images.
    expect(new Marp().render(built.markdown as string).html).toMatch(/twemoji|jsdelivr/)
  })
})
