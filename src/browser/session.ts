/**
 * One headless browser for a whole build, started on first use and reused.
 */
import type {Browser, Page} from 'playwright-core'
import {EnvironmentError} from '../errors.js'
import {findBrowser} from './find.js'

/** Flags that keep a headless browser off the network and quiet, also as root. */
export const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--no-first-run',
  '--no-default-browser-check',
  '--metrics-recording-only',
  '--mute-audio'
]

export interface BrowserSession {
  /** A fresh page in its own context; closed by the caller. */
  page(): Promise<Page>
  close(): Promise<void>
}

export interface SessionOptions {
  /** Browser executable (default: found by `findBrowser`). */
  executablePath?: string
}

/** A lazily started browser: nothing is launched until the first page is asked for. */
export function createBrowserSession(options: SessionOptions = {}): BrowserSession {
  let browser: Promise<Browser> | undefined
  const start = async (): Promise<Browser> => {
    const executablePath = options.executablePath ?? findBrowser()
    // Loaded only when a browser is needed: most builds never start one.
    const {chromium} = await import('playwright-core')
    try {
      return await chromium.launch({executablePath, headless: true, args: BROWSER_ARGS, timeout: 60_000})
    } catch (error) {
      throw new EnvironmentError(
        `Could not start the browser at ${executablePath} (${(error as Error).message.split('\n')[0]}): check that it runs, or set CHROME_PATH to another Chromium or Chrome`
      )
    }
  }
  return {
    async page() {
      browser ??= start()
      const context = await (await browser).newContext({javaScriptEnabled: true})
      const page = await context.newPage()
      page.on('close', () => {
        // The browser may already be closing; nothing is lost if the context went with it.
        context.close().catch(() => undefined)
      })
      return page
    },
    async close() {
      if (!browser) return
      const started = browser
      browser = undefined
      await (await started.catch(() => undefined))?.close()
    }
  }
}
