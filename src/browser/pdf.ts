/**
 * Print a written page to PDF with the page's own CSS page size. Remote
 * resources are time-boxed, so an unreachable image cannot hang the build.
 */
import {pathToFileURL} from 'node:url'
import type {Page} from 'playwright-core'
import type {BrowserSession} from './session.js'

export interface PrintOptions {
  /** How long the whole page may take to load (default: 30000 ms). */
  loadTimeoutMs?: number
  /** Look at the page, laid out for print, before it is printed (default: nothing). */
  beforePrint?: (page: Page) => Promise<void>
}

export interface PrintResult {
  pdf: Buffer
  /** The text of the headings on paper, in order, with the spaces of wrapped lines kept. */
  headings: string[]
  /** Remote resources that failed or timed out. */
  failed: string[]
}

export async function printPdf(session: BrowserSession, htmlFile: string, options: PrintOptions = {}): Promise<PrintResult> {
  return session.withPage(async (page, failed) => {
    await page.goto(pathToFileURL(htmlFile).href, {waitUntil: 'load', timeout: options.loadTimeoutMs ?? 30_000})
    // Printed as on paper: the page's print styles, and its scripts told so (a deck unhides its slides).
    await page.emulateMedia({media: 'print'})
    await page.evaluate(() => document.fonts.ready)
    await options.beforePrint?.(page)
    // Tagged (a structure tree, with images' alt text) and with an outline from the headings.
    const pdf = await page.pdf({preferCSSPageSize: true, printBackground: true, tagged: true, outline: true})
    const headings = await page.$$eval('h1, h2, h3, h4, h5, h6', (elements) =>
      elements.filter((element) => element.getClientRects().length > 0).map((element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim())
    )
    return {pdf, failed: [...failed], headings}
  })
}
