/**
 * The build's one browser: how many pages print at once. Driven in a real
 * Chromium (Debian's, found like the CLI finds it).
 */
import {afterEach, describe, expect, test} from 'vitest'
import {findBrowser} from '../src/browser/find.js'
import {createBrowserSession, defaultPages, type BrowserSession} from '../src/browser/session.js'

let session: BrowserSession | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

/** Start `count` uses at once; each holds its page for a while, in the page itself. How many ran at once, and on which pages. */
async function crowd(count: number, fail: (index: number) => boolean = () => false) {
  let active = 0
  let most = 0
  const pages = new Set<unknown>()
  const order: number[] = []
  const settled = await Promise.allSettled(
    Array.from({length: count}, (_, index) =>
      session!.withPage(async (page) => {
        active++
        most = Math.max(most, active)
        pages.add(page)
        try {
          // Work inside the browser, so the page is really in use for a while.
          await page.setContent(`<p>use ${index}</p>`)
          await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)))
          order.push(index)
          if (fail(index)) throw new Error(`use ${index} failed`)
          return page.textContent('p')
        } finally {
          active--
        }
      })
    )
  )
  return {most, pages: pages.size, order, settled}
}

describe('pages at once', () => {
  test('one page for every two cores, at least one', () => {
    expect(defaultPages(1)).toBe(1)
    expect(defaultPages(2)).toBe(1)
    expect(defaultPages(3)).toBe(1)
    expect(defaultPages(8)).toBe(4)
  })

  test('with one page, uses wait their turn in the order they asked, on the same page', async () => {
    session = createBrowserSession({executablePath: findBrowser(), pages: 1})
    const {most, pages, order, settled} = await crowd(4)
    expect(most).toBe(1)
    expect(pages).toBe(1)
    expect(order).toEqual([0, 1, 2, 3])
    expect(settled.map((each) => (each.status === 'fulfilled' ? each.value : each.reason))).toEqual(['use 0', 'use 1', 'use 2', 'use 3'])
  })

  test('with two pages, never more than two uses run at once', async () => {
    session = createBrowserSession({executablePath: findBrowser(), pages: 2})
    const {most, pages, settled} = await crowd(5)
    expect(most).toBeGreaterThan(0)
    expect(most).toBeLessThanOrEqual(2)
    expect(pages).toBeLessThanOrEqual(2)
    expect(settled.every((each) => each.status === 'fulfilled')).toBe(true)
  })

  test('a count of pages that is not a whole number above zero is read as one, never as none', async () => {
    session = createBrowserSession({executablePath: findBrowser(), pages: Number.NaN})
    const {most, settled} = await crowd(2)
    expect(most).toBe(1)
    expect(settled.every((each) => each.status === 'fulfilled')).toBe(true)
  })

  test('closing the session stops the uses still waiting, and later ones', async () => {
    session = createBrowserSession({executablePath: findBrowser(), pages: 1})
    const first = session.withPage((page) => page.evaluate(() => new Promise((resolve) => setTimeout(() => resolve('first'), 300))))
    const waiting = session.withPage(async () => 'never')
    // Once the first use holds the page, close: the waiting use fails, the running one may end either way.
    await new Promise((resolve) => setTimeout(resolve, 50))
    const closing = session.close()
    await expect(waiting).rejects.toThrow(/closed/)
    await expect(session.withPage(async () => 'later')).rejects.toThrow(/closed/)
    await Promise.allSettled([first, closing])
  })

  test('a use that fails passes its turn on: the ones waiting still run', async () => {
    session = createBrowserSession({executablePath: findBrowser(), pages: 1})
    const {most, order, settled} = await crowd(3, (index) => index === 0)
    expect(most).toBe(1)
    expect(order).toEqual([0, 1, 2])
    expect(settled.map((each) => each.status)).toEqual(['rejected', 'fulfilled', 'fulfilled'])
  })
})
