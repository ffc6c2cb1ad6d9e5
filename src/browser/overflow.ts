/**
 * Render a deck in the browser and measure every slide whose content does not
 * fit: content beyond the slide box (below it, or beyond either side: a wide
 * table, a long word or address that does not break) and content clipped
 * inside it (a block that scrolls or hides what does not fit).
 */
import {pathToFileURL} from 'node:url'
import type {Page} from 'playwright-core'
import type {BrowserSession} from './session.js'

export interface SlideOverflow {
  /** 1-based slide number. */
  slide: number
  /** Pixels of content beyond the bottom of the slide box. */
  bottom: number
  /** Pixels of content beyond the end of the line (the right, or the left right to left). */
  right: number
  /** Pixels of content hidden inside a block that clips it (a table or code block that would scroll). */
  clipped: number
  /** What sticks out the most: `table`, `pre`, `img`, or `text` (a word or address that does not break). */
  culprit?: 'table' | 'pre' | 'img' | 'text'
}

export async function measureOverflow(session: BrowserSession, deckFile: string): Promise<SlideOverflow[]> {
  return session.withPage(async (page) => {
    await page.emulateMedia({media: 'print'})
    await page.goto(pathToFileURL(deckFile).href, {waitUntil: 'load', timeout: 30_000})
    return slideOverflows(page)
  })
}

/** The overflowing slides of a deck page that is loaded (and laid out as it prints). */
export async function slideOverflows(page: Page): Promise<SlideOverflow[]> {
  return page.evaluate(() => {
    type Culprit = 'table' | 'pre' | 'img' | 'text'
    const found: Array<{slide: number; bottom: number; right: number; clipped: number; culprit?: Culprit}> = []
    const kindOf = (element: Element): Culprit => {
      // The innermost element that sticks out: a long unbroken run of text in it is the cause, wherever it is.
      if (element.closest('pre') === null && /\S{40,}/.test(element.textContent ?? '')) return 'text'
      const block = element.closest('table, pre, img, svg')
      if (!block) return 'text'
      return block.tagName.toLowerCase() === 'table' ? 'table' : block.tagName.toLowerCase() === 'pre' ? 'pre' : 'img'
    }
    /** What sticks out furthest inside a block that clips it. */
    const widestInside = (container: Element): Culprit => {
      let widest: Element = container
      let edge = -Infinity
      for (const element of Array.from(container.querySelectorAll('*'))) {
        const right = element.getBoundingClientRect().right
        if (right >= edge) {
          edge = right
          widest = element
        }
      }
      return kindOf(widest)
    }
    document.querySelectorAll('.marpit > svg[data-marpit-svg]').forEach((svg, index) => {
      let bottom = 0
      let right = 0
      let clipped = 0
      let culprit: Culprit | undefined
      let worst = 0
      svg.querySelectorAll(':scope > foreignObject > section').forEach((node) => {
        const kind = node.getAttribute('data-marpit-advanced-background')
        if (kind === 'background' || kind === 'pseudo') return
        const section = node as HTMLElement
        bottom = Math.max(bottom, section.scrollHeight - section.clientHeight)
        const box = section.getBoundingClientRect()
        // The slide is scaled to the window: measure in the slide's own pixels.
        const scale = box.width / (section.offsetWidth || box.width || 1) || 1
        const rtl = getComputedStyle(section).direction === 'rtl'
        for (const element of Array.from(section.querySelectorAll('*'))) {
          const style = getComputedStyle(element)
          if (style.position === 'absolute' || style.position === 'fixed') continue
          const rect = element.getBoundingClientRect()
          if (rect.width === 0 && rect.height === 0) continue
          const beyond = (rtl ? box.left - rect.left : rect.right - box.right) / scale
          // The innermost of the elements that stick out as far (they come after their parents).
          if (beyond > 1 && beyond >= worst) {
            worst = beyond
            culprit = kindOf(element)
          }
          right = Math.max(right, beyond)
          bottom = Math.max(bottom, (rect.bottom - box.bottom) / scale)
          const html = element as HTMLElement
          if ((style.overflowX !== 'visible' || style.overflowY !== 'visible') && html.clientWidth > 0) {
            const hidden = Math.max(html.scrollWidth - html.clientWidth, html.scrollHeight - html.clientHeight)
            if (hidden > clipped) {
              clipped = hidden
              if (worst <= 1) culprit = widestInside(element)
            }
          }
        }
      })
      if (bottom > 1 || right > 1 || clipped > 1) {
        found.push({slide: index + 1, bottom: Math.round(Math.max(0, bottom)), right: Math.round(Math.max(0, right)), clipped: Math.round(clipped), culprit})
      }
    })
    return found
  })
}
