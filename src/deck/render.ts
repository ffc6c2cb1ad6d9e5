/**
 * Render Marp Markdown with marp-core, keeping its default HTML allowlist.
 */
import {Marp} from '@marp-team/marp-core'
import type {Theme} from '../render/themes.js'

export interface RenderedDeck {
  /** The deck's HTML: every slide inside Marp's `div.marpit` container. */
  html: string
  /** Each slide's `<svg data-marpit-svg>` on its own (the last one carries Marp's inline script). */
  slides: string[]
  css: string
  /** Speaker notes per slide. */
  notes: string[]
}

/** A renderer that knows the project's themes; create one per build. */
export function createDeckRenderer(themes: Iterable<Theme>): (markdown: string) => RenderedDeck {
  const marp = new Marp({inlineSVG: true})
  for (const theme of themes) if (theme.css) marp.themeSet.add(theme.css)
  return (markdown) => {
    const {html, css, comments} = marp.render(markdown, {htmlAsArray: true})
    return {
      html: `<div class="marpit">${html.join('')}</div>`,
      slides: html,
      css,
      notes: comments.map((slide) => slide.join('\n\n'))
    }
  }
}
