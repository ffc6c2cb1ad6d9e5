/**
 * marp-core, loaded on first use: renders deck Markdown (with its default HTML
 * allowlist) and tells which lines of it each slide holds.
 */
import {createRequire} from 'node:module'
import type {Marp as MarpType} from '@marp-team/marp-core'
import type {Theme} from '../render/themes.js'

const require = createRequire(import.meta.url)

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
}

export interface DeckRenderer {
  render(markdown: string): RenderedDeck
}

interface Token {
  type: string
  map: [number, number] | null
  children: Token[] | null
}

/** A renderer that knows the project's themes. */
export function createDeckRenderer(themes: Iterable<Theme>): DeckRenderer {
  const themeCss = [...themes].flatMap((theme) => (theme.css ? [theme.css] : []))
  let marp: MarpType | undefined
  /** The tokens of the last parse: the render's own, read for the slide plan instead of parsing twice. */
  let tokens: Token[] = []
  const instance = (): MarpType => {
    if (!marp) {
      const {Marp} = require('@marp-team/marp-core') as typeof import('@marp-team/marp-core')
      marp = new Marp({inlineSVG: true})
      for (const theme of themeCss) marp.themeSet.add(theme)
      const markdownIt = marp.markdown as {parse: (source: string, env: object) => Token[]}
      const parse = markdownIt.parse.bind(markdownIt)
      markdownIt.parse = (source, env) => (tokens = parse(source, env))
      cachePacking(marp)
    }
    return marp
  }
  return {
    render(markdown) {
      const {html, css, comments} = instance().render(markdown, {htmlAsArray: true})
      return {
        html: `<div class="marpit">${html.join('')}</div>`,
        slides: html,
        css,
        notes: comments.map((slide) => slide.join('\n\n')),
        slideLines: slideLines(tokens)
      }
    }
  }
}

/**
 * Packing a theme's CSS is most of a render, and the same for most decks: keep
 * it, keyed by everything it is made from (the theme, the pack options with the
 * document's own styles and math CSS, and the global directives such as `size`).
 */
function cachePacking(marp: MarpType): void {
  const instance = marp as unknown as {themeSet: {pack: (name: string, options: object) => string}; lastGlobalDirectives?: object}
  const pack = instance.themeSet.pack.bind(instance.themeSet)
  const packed = new Map<string, string>()
  instance.themeSet.pack = (name, options) => {
    const key = JSON.stringify([name, options, instance.lastGlobalDirectives ?? null])
    let css = packed.get(key)
    if (css === undefined) {
      css = pack(name, options)
      if (packed.size >= 64) packed.clear()
      packed.set(key, css)
    }
    return css
  }
}

function slideLines(tokens: Token[]): number[][] {
  const slides: number[][] = []
  for (const token of tokens) {
    if (token.type === 'marpit_slide_open') slides.push(token.map ? [token.map[0]] : [])
    else if (token.map && slides.length > 0) slides[slides.length - 1].push(token.map[0])
  }
  return slides
}
