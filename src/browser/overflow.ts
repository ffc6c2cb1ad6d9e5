/**
 * Render a deck in the browser and measure every slide whose content
 * overflows the slide box.
 */
import {pathToFileURL} from 'node:url'
import type {BrowserSession} from './session.js'
import {timeBoxRemote} from './pdf.js'

export interface SlideOverflow {
  /** 1-based slide number. */
  slide: number
  /** Pixels of content beyond the bottom of the slide box. */
  bottom: number
  /** Pixels of content beyond the right of the slide box. */
  right: number
}

export async function measureOverflow(session: BrowserSession, deckFile: string): Promise<SlideOverflow[]> {
  const page = await session.page()
  try {
    await timeBoxRemote(page, 5000)
    await page.emulateMedia({media: 'print'})
    await page.goto(pathToFileURL(deckFile).href, {waitUntil: 'load', timeout: 30_000})
    return await page.evaluate(() => {
      const found: Array<{slide: number; bottom: number; right: number}> = []
      const slides = document.querySelectorAll('.marpit > svg[data-marpit-svg]')
      slides.forEach((svg, index) => {
        let bottom = 0
        let right = 0
        svg.querySelectorAll(':scope > foreignObject > section').forEach((section) => {
          const kind = section.getAttribute('data-marpit-advanced-background')
          if (kind === 'background' || kind === 'pseudo') return
          const element = section as HTMLElement
          bottom = Math.max(bottom, element.scrollHeight - element.clientHeight)
          right = Math.max(right, element.scrollWidth - element.clientWidth)
        })
        if (bottom > 1 || right > 1) found.push({slide: index + 1, bottom: Math.round(bottom), right: Math.round(right)})
      })
      return found
    })
  } finally {
    await page.close()
  }
}
