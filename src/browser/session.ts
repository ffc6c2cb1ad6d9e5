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
  /**
   * Run `use` with a page of the session's pool (opened on first need, each in
   * a context of its own), laid out for the screen; remote resources that
   * failed or timed out while it ran are in `failed`. The page goes back to the
   * pool afterwards, so a build opens as many pages as it prints at once, not
   * one per file; a page whose use failed is closed instead.
   */
  withPage<T>(use: (page: Page, failed: string[]) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export interface SessionOptions {
  /** Browser executable (default: found by `findBrowser`). */
  executablePath?: string
  /** How long a remote resource may take before it is given up (default: 5000 ms). */
  remoteTimeoutMs?: number
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
    await timeBoxRemote(page, options.remoteTimeoutMs ?? 5000, (url) => pooled.failed.push(url))
    return pooled
  }
  return {
    async withPage(use) {
      const pooled = idle.pop() ?? (await open())
      pooled.failed = []
      let reusable = false
      try {
        await pooled.page.emulateMedia({media: null})
        const result = await use(pooled.page, pooled.failed)
        reusable = true
        return result
      } finally {
        if (reusable && browser) idle.push(pooled)
        else await pooled.page.close().catch(() => undefined)
      }
    },
    async close() {
      idle = []
      if (!browser) return
      const started = browser
      browser = undefined
      await (await started.catch(() => undefined))?.close()
    }
  }
}

/** Let local and data: resources through; give remote ones a deadline (each one that fails goes to `failed`); block everything else. */
export async function timeBoxRemote(page: Page, timeoutMs: number, failed: (url: string) => void): Promise<void> {
  await page.route('**/*', async (route) => {
    const url = route.request().url()
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
