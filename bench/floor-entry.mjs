/**
 * The floor of `npm run bench`: what any tool on briefdeck's required stack
 * must do per brief, and nothing else. It parses each brief with remark-parse
 * and the syntax a brief is written in (front matter, GFM, directives, math),
 * and renders each deck with stock marp-core (its HTML per deck, its CSS once
 * per theme), set up as briefdeck sets it up: emoji as text, and each
 * distinct piece of inline HTML filtered once. No analysis, no handout, no
 * index, nothing written but the one deck of `one`. bench/floor.mjs bundles
 * this file (as marp-cli is bundled), behind Node's compile cache as
 * briefdeck's command line is.
 *
 *   node floor.mjs one BRIEF DECK OUT THEMES   one brief, the deck's HTML and CSS written to OUT
 *   node floor.mjs many LIST THEMES            every [brief, deck] pair of the JSON file LIST
 */
import fs from 'node:fs'
import path from 'node:path'
import {Marp} from '@marp-team/marp-core'
import remarkDirective from 'remark-directive'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkMath from 'remark-math'
import remarkParse from 'remark-parse'
import {unified} from 'unified'

const [mode, ...args] = process.argv.slice(2)
const themesDir = args.at(-1)
const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkDirective).use(remarkMath).freeze()
const marp = new Marp({inlineSVG: true, emoji: {shortcode: true, unicode: false}})
// marp-core builds a filter for every piece of inline HTML; the same piece always comes out the same.
const rules = marp.markdown.renderer.rules
const filterInline = rules.html_inline
const filtered = new Map()
rules.html_inline = (tokens, index, ...rest) => {
  const piece = tokens[index].content
  if (!filtered.has(piece)) filtered.set(piece, filterInline(tokens, index, ...rest))
  return filtered.get(piece)
}
for (const name of fs.readdirSync(themesDir).filter((each) => each.endsWith('.css'))) marp.themeSet.add(fs.readFileSync(path.join(themesDir, name), 'utf8'))
/** Each theme's CSS, made once. */
const css = new Map()

function renderDeck(markdown) {
  const html = marp.renderMarkdown(markdown)
  const theme = marp.lastGlobalDirectives.theme
  if (!css.has(theme)) css.set(theme, marp.renderStyle(theme))
  return {html, css: css.get(theme)}
}

if (mode === 'one') {
  const [brief, deck, out] = args
  parser.parse(fs.readFileSync(brief, 'utf8'))
  const rendered = renderDeck(fs.readFileSync(deck, 'utf8'))
  fs.writeFileSync(out, `<!doctype html><style>${rendered.css}</style>${rendered.html}`)
} else if (mode === 'many') {
  for (const [brief, deck] of JSON.parse(fs.readFileSync(args[0], 'utf8'))) {
    parser.parse(fs.readFileSync(brief, 'utf8'))
    renderDeck(fs.readFileSync(deck, 'utf8'))
  }
} else {
  throw new Error(`floor: unknown mode ${mode}`)
}
