/**
 * marp-core, loaded on first use: renders deck Markdown (with its default HTML
 * allowlist) and tells which lines of it each slide holds.
 */
import type {Marp as MarpType} from '@marp-team/marp-core'
import {inlineScripts} from '../render/csp.js'
import type {Theme} from '../render/themes.js'
import {marpPackages} from './marp-packages.js'

export interface RenderedDeck {
  /** The deck's HTML: every slide inside Marp's `div.marpit` container. */
  html: string
  /** Each slide's `<svg data-marpit-svg>` on its own (the last one carries Marp's inline script). */
  slides: string[]
  css: string
  /** Speaker notes per slide. */
  notes: string[]
  /** For each slide, as Marp's own parse made it: the lines (0-based) of the Markdown where its blocks start. */
  slideLines: number[][]
  /** What Marp itself read as styles: `<style>` blocks (with their line, 0-based) and the `style` directive. */
  styles: Array<{css: string; line?: number}>
  /** Every HTML comment Marp read directives from, as Marp saw it, with the directives' names and its line (0-based). */
  directiveComments: Array<{content: string; names: string[]; line: number}>
  /** The global directives Marp applied (`theme`, `math` …). */
  globalDirectives: Record<string, unknown>
  /** The inline scripts marp-core itself puts in every deck: the only ones a deck may have. */
  runtimeScripts: string[]
}

export interface DeckRenderer {
  /** Load marp-core now (it is otherwise loaded by the first render). */
  warm(): void
  render(markdown: string): RenderedDeck
}

interface Token {
  type: string
  map: [number, number] | null
  children: Token[] | null
  content: string
  meta: {marpitParsedDirectives?: Record<string, unknown>} | null
}

/** A renderer that knows the project's themes. */
export function createDeckRenderer(themes: Iterable<Theme>): DeckRenderer {
  const themeCss = [...themes].flatMap((theme) => (theme.css ? [theme.css] : []))
  let marp: MarpType | undefined
  /** The tokens of the last parse: the render's own, read for the slide plan instead of parsing twice. */
  let tokens: Token[] = []
  /** marp-core's own inline scripts, read once from an empty deck. */
  let runtimeScripts: string[] = []
  const instance = (): MarpType => {
    if (!marp) {
      const {Marp} = marpPackages()
      // Emoji as Unicode text: marp-core's default (Twemoji images from a CDN) breaks offline and tells a CDN who reads.
      marp = new Marp({inlineSVG: true, emoji: {shortcode: true, unicode: false}})
      for (const theme of themeCss) marp.themeSet.add(theme)
      const markdownIt = marp.markdown as {parse: (source: string, env: object) => Token[]}
      const parse = markdownIt.parse.bind(markdownIt)
      markdownIt.parse = (source, env) => (tokens = parse(source, env))
      cachePacking(marp)
      cacheInlineHtml(marp)
      // Read from a deck of no content in a theme of no CSS: packing Marp's default theme for it would take a tenth of a second.
      marp.themeSet.add(`/* @theme ${PROBE_THEME} */`)
      runtimeScripts = inlineScripts(marp.render(`<!-- theme: ${PROBE_THEME} -->`).html)
      marp.themeSet.delete(PROBE_THEME)
    }
    return marp
  }
  return {
    warm() {
      instance()
    },
    render(markdown) {
      const marp = instance()
      const {html, css, comments} = marp.render(markdown, {htmlAsArray: true})
      const globals = (marp as unknown as {lastGlobalDirectives?: Record<string, unknown>}).lastGlobalDirectives ?? {}
      return {
        html: `<div class="marpit">${html.join('')}</div>`,
        slides: html,
        css,
        notes: comments.map((slide) => slide.join('\n\n')),
        slideLines: slideLines(tokens),
        styles: styles(tokens, typeof globals.style === 'string' ? globals.style : undefined),
        directiveComments: directiveComments(tokens),
        globalDirectives: {...globals},
        runtimeScripts
      }
    }
  }
}

/** The theme of the empty deck that marp-core's own scripts are read from. */
const PROBE_THEME = 'briefdeck-runtime-probe'

/**
 * Packing a theme's CSS is most of a render, and the same for most decks: keep
 * it, keyed by everything it is made from (the theme, the pack options with the
 * document's own styles and math CSS, and the `theme` and `size` directives).
 */
function cachePacking(marp: MarpType): void {
  const instance = marp as unknown as {themeSet: {pack: (name: string, options: object) => string}; lastGlobalDirectives?: object}
  const pack = instance.themeSet.pack.bind(instance.themeSet)
  const packed = new Map<string, string>()
  instance.themeSet.pack = (name, options) => {
    // Of the global directives only the theme and its size change the packed CSS (`lang`, `paginate` and the rest do not).
    const {theme, size} = (instance.lastGlobalDirectives ?? {}) as {theme?: unknown; size?: unknown}
    const key = JSON.stringify([name, options, theme ?? null, size ?? null])
    let css = packed.get(key)
    if (css === undefined) {
      css = pack(name, options)
      if (packed.size >= 64) packed.clear()
      packed.set(key, css)
    }
    return css
  }
}

/**
 * marp-core filters every piece of inline HTML (a `<bdi>`, a `</sup>`) through
 * a filter it builds anew for each one, allowlist and all: about half of a
 * deck's render once theme CSS is cached (7.1 ms a generated deck without this
 * cache, 3.0-3.8 ms with it), and a sixth of what a brief allocates. The filtered text depends on
 * nothing but the piece and the instance's options, so each distinct piece is
 * filtered once (a deck has a few dozen, mostly the same few).
 */
function cacheInlineHtml(marp: MarpType): void {
  const rules = (marp.markdown as {renderer: {rules: Record<string, RenderRule | undefined>}}).renderer.rules
  const filter = rules.html_inline
  if (!filter) return
  const filtered = new Map<string, string>()
  rules.html_inline = (tokens, index, ...rest) => {
    const piece = tokens[index].content
    let html = filtered.get(piece)
    if (html === undefined) {
      html = filter(tokens, index, ...rest)
      if (filtered.size >= 4096) filtered.clear()
      filtered.set(piece, html)
    }
    return html
  }
}

type RenderRule = (tokens: Token[], index: number, ...rest: unknown[]) => string

function slideLines(tokens: Token[]): number[][] {
  const slides: number[][] = []
  for (const token of tokens) {
    if (token.type === 'marpit_slide_open') slides.push(token.map ? [token.map[0]] : [])
    else if (token.map && slides.length > 0) slides[slides.length - 1].push(token.map[0])
  }
  return slides
}

function directiveComments(tokens: Token[]): RenderedDeck['directiveComments'] {
  const found: RenderedDeck['directiveComments'] = []
  let line = 0
  for (const token of tokens) {
    if (token.map) line = token.map[0]
    for (const each of [token, ...(token.children ?? [])]) {
      const names = Object.keys(each.meta?.marpitParsedDirectives ?? {})
      if (each.type === 'marpit_comment' && names.length > 0) found.push({content: each.content, names, line})
    }
  }
  return found
}

function styles(tokens: Token[], directive: string | undefined): RenderedDeck['styles'] {
  const found: RenderedDeck['styles'] = tokens.filter((token) => token.type === 'marpit_style').map((token) => ({css: token.content, line: token.map?.[0]}))
  if (directive) found.push({css: directive})
  return found
}
