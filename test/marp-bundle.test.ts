/**
 * `npm run build` bundles marp-core into one file (dist/vendor/marp-core.cjs)
 * whose math engines and highlight.js languages load on first use. It must
 * render every deck exactly as the package itself does, load MathJax or KaTeX
 * only for a deck that has math, and be the one copy of Marpit that
 * briefdeck's own modules use.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {MARP_BUNDLE, marpPackages} from '../src/deck/marp-packages.js'
import {REPO} from './helpers.js'

const require = createRequire(import.meta.url)
const stock = require('@marp-team/marp-core') as typeof import('@marp-team/marp-core')
const bundled = require(MARP_BUNDLE) as ReturnType<typeof marpPackages>

const decks = {
  'MathJax, inline and display': '---\nmarp: true\n---\n\n# $e^{i\\pi} + 1 = 0$\n\n$$\\sum_{i=1}^n x_i \\over n$$',
  KaTeX: '---\nmarp: true\nmath: katex\ntheme: gaia\n---\n\n# Growth\n\n$$\\int_0^1 f(x)\\,dx$$ and $\\alpha$',
  'code in named languages': '---\nmarp: true\ntheme: uncover\n---\n\n```python\nprint("x")\n```\n\n```typescript\nconst a: number = 1\n```\n\n```nonsense\nplain\n```',
  'emoji, fitting header, size': '---\nmarp: true\nsize: 4:3\n---\n\n# <!-- fit --> A :smile: heading\n\n---\n\n<!-- _class: lead -->\n## Two'
}

describe('the bundled marp-core renders as the package does', () => {
  test.each(Object.entries(decks))('%s', (_name, markdown) => {
    const options = {inlineSVG: true, emoji: {shortcode: true, unicode: false}} as const
    const ours = new bundled.Marp(options).render(markdown)
    const theirs = new stock.Marp(options).render(markdown)
    expect(ours.html).toBe(theirs.html)
    expect(ours.css).toBe(theirs.css)
  })

  test('the comparison has teeth: the decks render math and highlighted code', () => {
    const render = (markdown: string) => new bundled.Marp({inlineSVG: true}).render(markdown)
    expect(render(decks['MathJax, inline and display']).html).toContain('<mjx-container')
    expect(render(decks.KaTeX).html).toContain('class="katex')
    expect(render(decks['code in named languages']).html).toContain('class="hljs-built_in"')
  })

  test('it is the marp-core installed beside it, and briefdeck loads it', () => {
    expect(bundled.version).toBe((require('@marp-team/marp-core/package.json') as {version: string}).version)
    expect(marpPackages()).toBe(bundled)
  })

  test('Marpit’s theme reader and directive lists are the ones the bundle renders with', () => {
    expect(bundled.Theme.fromCSS('/* @theme house */\nsection { color: red }').name).toBe('house')
    expect(Object.keys(bundled.marpitDirectives.globals)).toContain('theme')
    expect(Object.keys(bundled.marpitDirectives.locals)).toContain('backgroundColor')
    expect(bundled.marpitYaml('_class: lead', true)).toEqual({_class: 'lead'})
  })
})

/** In a fresh Node process, run `script` (CommonJS, with `bundle` and `dist` defined) and return what it prints as JSON. */
function inFreshProcess(script: string): unknown {
  const program = `const bundle = ${JSON.stringify(MARP_BUNDLE)}; const dist = ${JSON.stringify(path.join(REPO, 'dist'))};\n${script}`
  return JSON.parse(execFileSync(process.execPath, ['-e', program], {cwd: REPO, encoding: 'utf8'}))
}

describe('what the bundle loads', () => {
  test('the math engines load with the first deck that has math, and not before', () => {
    const loaded = inFreshProcess(`
      // Code, not the package.json that says KaTeX's version (read with marp-core, as marp-core reads it).
      const loaded = (name) => Object.keys(require.cache).some((file) => file.includes('/node_modules/' + name + '/') && file.endsWith('.js'))
      const {Marp} = require(bundle)
      const steps = {}
      new Marp({inlineSVG: true}).render('# No math\\n\\n\`\`\`js\\nlet a = 1\\n\`\`\`')
      steps.plain = {mathjax: loaded('mathjax-full'), katex: loaded('katex'), javascript: Object.keys(require.cache).some((file) => file.endsWith('/languages/javascript.js'))}
      new Marp({inlineSVG: true}).render('$x^2$')
      steps.mathjax = {mathjax: loaded('mathjax-full'), katex: loaded('katex')}
      new Marp({inlineSVG: true, math: 'katex'}).render('$x^2$')
      steps.katex = {katex: loaded('katex')}
      console.log(JSON.stringify(steps))
    `)
    expect(loaded).toEqual({
      plain: {mathjax: false, katex: false, javascript: true},
      mathjax: {mathjax: true, katex: false},
      katex: {katex: true}
    })
  })

  test('briefdeck’s modules and the bundle share one Marpit and one PostCSS', async () => {
    const files = inFreshProcess(`
      import(dist + '/deck/render.js').then(async ({createDeckRenderer}) => {
        const {loadThemes} = await import(dist + '/render/themes.js')
        const themes = loadThemes({dirs: [${JSON.stringify(path.join(REPO, 'themes'))}]})
        createDeckRenderer(themes.deck.values()).render('---\\nmarp: true\\ntheme: briefing\\n---\\n\\n# One')
        const files = Object.keys(require.cache)
        console.log(JSON.stringify({
          marpit: files.filter((file) => file.includes('/@marp-team/marpit/')),
          marpCore: files.filter((file) => file.includes('/@marp-team/marp-core/') && file.endsWith('.js')),
          postcss: files.filter((file) => file.endsWith('/postcss/lib/postcss.js')),
          bundle: files.includes(bundle)
        }))
      })
    `)
    expect(files).toEqual({marpit: [], marpCore: [], postcss: [path.join(REPO, 'node_modules', 'postcss', 'lib', 'postcss.js')], bundle: true})
  })

  test('the bundle holds marp-core and Marpit, and requires MathJax, KaTeX and the languages by name', () => {
    const text = fs.readFileSync(MARP_BUNDLE, 'utf8')
    expect(text).toContain('node_modules/@marp-team/marp-core/lib/marp.js')
    expect(text).toContain('node_modules/@marp-team/marpit/lib/theme.js')
    for (const name of ['mathjax-full/js/mathjax', 'mathjax-full/js/input/tex/AllPackages', 'katex', 'highlight.js/lib/languages/python']) expect(text).toContain(`(${JSON.stringify(name)})`)
    expect(text).not.toContain('node_modules/mathjax-full/')
    expect(text).not.toContain('node_modules/highlight.js/lib/languages/')
  })
})
