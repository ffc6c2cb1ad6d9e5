/**
 * One headless browser for a whole build, started on first use and reused.
 */
import os from 'node:os'
import type {Browser, Page} from 'playwright-core'
import {EnvironmentError} from '../errors.js'
import {findBrowser} from './find.js'
import {createTurns} from '../turns.js'

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
  /**
   * Run `use` with a page of the session's pool (opened on first need, each in
   * a context of its own), laid out for the screen; remote resources that
   * failed or timed out while it ran are in `failed`. The page goes back to the
   * pool afterwards, so a build opens as many pages as it prints at once, not
   * one per file; a page whose use failed is closed instead. When `pages`
   * pages are in use, a use waits for one, in the order they asked.
   */
  withPage<T>(use: (page: Page, failed: string[]) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export interface SessionOptions {
  /** Browser executable (default: found by `findBrowser`). */
  executablePath?: string
  /** How long a remote resource may take before it is given up (default: 5000 ms). */
  remoteTimeoutMs?: number
  /** Pages at work at once; a use waits for a free one (default: `defaultPages()`). */
  pages?: number
}

/**
 * One page at work for every two cores, at least one: a page being printed
 * keeps the browser's own processes busy on about two cores. On two cores,
 * Chromium printed the 40 pages of 20 generated briefs in 14.6 s one at a
 * time, 17.9 s two at a time and 18.7 s three at a time. A page that waits for
 * a remote resource (up to `remoteTimeoutMs`) holds its turn meanwhile.
 */
export function defaultPages(cores = os.availableParallelism()): number {
  return Math.max(1, Math.floor(cores / 2))
}

interface PooledPage {
  page: Page
  /** Where the current use's failed remote resources go. */
  failed: string[]
}

/** A lazily started browser: nothing is launched until the first page is asked for. */
export function createBrowserSession(options: SessionOptions = {}): BrowserSession {
  let browser: Promise<Browser> | undefined
  let idle: PooledPage[] = []
  /** Uses at work, and those waiting for a page in the order they asked. */
  const turns = createTurns(options.pages ?? defaultPages())
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
  const open = async (): Promise<PooledPage> => {
    browser ??= start()
    const context = await (await browser).newContext({javaScriptEnabled: true})
    const page = await context.newPage()
    page.on('close', () => {
      // The browser may already be closing; nothing is lost if the context went with it.
      context.close().catch(() => undefined)
    })
    const pooled: PooledPage = {page, failed: []}
    // A request's failure goes to the list of the use that made it, even when it fails after that use ended.
    await timeBoxRemote(page, options.remoteTimeoutMs ?? 5000, () => {
      const list = pooled.failed
      return (url) => list.push(url)
    })
    return pooled
  }
  return {
    async withPage(use) {
      // A page that is given up passes its place straight on to the first use waiting.
      const done = await turns.take()
      let pooled: PooledPage | undefined
      let reusable = false
      try {
        pooled = idle.pop() ?? (await open())
        pooled.failed = []
        await pooled.page.emulateMedia({media: null})
        const result = await use(pooled.page, pooled.failed)
        reusable = true
        return result
      } finally {
        // Nothing of one brief reaches the next: the page leaves it, and cookies a remote host set are gone.
        if (pooled) {
          if (reusable && browser) reusable = await clean(pooled.page)
          if (reusable && browser) idle.push(pooled)
          else await pooled.page.close().catch(() => undefined)
        }
        done()
      }
    },
    async close() {
      // Uses still waiting for a page fail rather than start a browser that nobody closes.
      turns.close(new Error('The browser session is closed'))
      idle = []
      if (!browser) return
      const started = browser
      browser = undefined
      await (await started.catch(() => undefined))?.close()
    }
  }
}

/** Whether the page could be emptied for its next use: a blank document, no cookies. */
async function clean(page: Page): Promise<boolean> {
  try {
    await page.goto('about:blank')
    await page.context().clearCookies()
    return true
  } catch {
    return false
  }
}

/**
 * Let local and data: resources through; give remote ones a deadline; block
 * everything else. `sink` is asked when a request starts for where its failure
 * (an error or the deadline) goes.
 */
export async function timeBoxRemote(page: Page, timeoutMs: number, sink: () => (url: string) => void): Promise<void> {
  await page.route('**/*', async (route) => {
    const url = route.request().url()
    const failed = sink()
    if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:')) {
      await route.continue().catch(() => undefined)
      return
    }
    if (!/^https?:/.test(url)) {
      await route.abort().catch(() => undefined)
      return
    }
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs)
    })
    try {
      const response = await Promise.race([route.fetch({timeout: timeoutMs}), deadline])
      if (response === 'timeout') throw new Error('timeout')
      await route.fulfill({response}).catch(() => undefined)
    } catch {
      failed(url)
      await route.abort().catch(() => undefined)
    } finally {
      clearTimeout(timer)
    }
  })
}
