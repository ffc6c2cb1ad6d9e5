/**
 * axe-core in a Chromium page: the violations on a page, one line each
 * (`rule: target, target`), for the browser tests.
 */
import fs from 'node:fs'
import {createRequire} from 'node:module'
import {pathToFileURL} from 'node:url'
import type {Browser} from 'playwright-core'

const require = createRequire(import.meta.url)
export const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** Open the file with its security policy set aside (axe injects itself; the pages never do), run axe on the whole page. */
export async function axeViolations(browser: Browser, file: string): Promise<string[]> {
  const context = await browser.newContext({viewport: {width: 1280, height: 760}, bypassCSP: true})
  const page = await context.newPage()
  await page.goto(pathToFileURL(file).href)
  await page.addScriptTag({content: axeSource})
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as {axe: {run: (context: Document) => Promise<{violations: Array<{id: string; nodes: Array<{target: string[]}>}>}>}}).axe
    const result = await axe.run(document)
    return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')}`)
  })
  await context.close()
  return violations
}
