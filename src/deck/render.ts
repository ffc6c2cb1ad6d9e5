/**
 * Render Marp Markdown with marp-core, keeping its default HTML allowlist.
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
}

/** A renderer that knows the project's themes; marp-core is loaded on the first render. */
export function createDeckRenderer(themes: Iterable<Theme>): (markdown: string) => RenderedDeck {
  const themeCss = [...themes].flatMap((theme) => (theme.css ? [theme.css] : []))
  let marp: MarpType | undefined
  return (markdown) => {
    if (!marp) {
      const {Marp} = require('@marp-team/marp-core') as typeof import('@marp-team/marp-core')
      marp = new Marp({inlineSVG: true})
      for (const theme of themeCss) marp.themeSet.add(theme)
    }
    const {html, css, comments} = marp.render(markdown, {htmlAsArray: true})
    return {
      html: `<div class="marpit">${html.join('')}</div>`,
      slides: html,
      css,
      notes: comments.map((slide) => slide.join('\n\n'))
    }
  }
}
