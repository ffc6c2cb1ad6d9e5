/**
 * DOMPurify's XSS payloads (../shared/corpora), placed as raw HTML in a brief's
 * body, inside annotation attributes, in front matter values and as link and
 * image URLs. Every page we write for them is loaded in headless Chromium with
 * hooks that record any script execution or dialog: there must be none. A
 * control run with sanitizing and the CSP switched off proves the harness
 * sees an execution when one happens.
 */
import fs from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {chromium, type Browser} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {findBrowser} from '../src/browser/find.js'
import {BROWSER_ARGS} from '../src/browser/session.js'
import {build, type BuildOptions} from '../src/pipeline/build.js'
import {REPO, tempProject} from './helpers.js'

interface Payload {
  title: string
  payload: string
}

const CORPUS = path.join(REPO, '..', 'shared', 'corpora', 'dompurify-xss-payloads.json')
const payloads = (JSON.parse(fs.readFileSync(CORPUS, 'utf8')) as Payload[]).map((entry) => entry.payload)
const URL_PAYLOADS = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  ' javascript:alert(1)',
  'javascript&colon;alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  'data:image/svg+xml,<svg onload=alert(1)>'
]

const chunk = <T>(items: T[], size: number): T[][] =>
  Array.from({length: Math.ceil(items.length / size)}, (_, index) => items.slice(index * size, index * size + size))
const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/\r?\n/g, ' ')

function bodyBriefs(): Record<string, string> {
  const files: Record<string, string> = {}
  chunk(payloads, 15).forEach((group, index) => {
    files[`decks/body-${index}.md`] = `---\ntitle: Body ${index}\n---\n\n${group.join('\n\n')}\n`
  })
  return files
}

function attributeBriefs(): Record<string, string> {
  const files: Record<string, string> = {}
  chunk(payloads, 15).forEach((group, index) => {
    const body = group
      .map((payload, i) => {
        const p = attribute(payload)
        return [
          `::source{#s${i} title="${p}" author="${p}" publisher="${p}" url="https://example.org/?q=${encodeURIComponent(payload)}"}`,
          `::credit{#c${i} title="${p}" author="${p}" via="${p}" license="CC0-1.0"}`,
          `Claim:cite[s${i}]{loc="${p}"}.`,
          `:::quote{by="${p}" role="${p}" source=s${i}}\nQuoted.\n:::`,
          `::figure{src="https://example.org/a.png" alt="${p}" caption="${p}" credit=c${i} layout="${p}"}`
        ].join('\n\n')
      })
      .join('\n\n---\n\n')
    files[`decks/attributes-${index}.md`] = `---\ntitle: Attributes ${index}\n---\n\n${body}\n`
  })
  return files
}

function frontmatterBriefs(): Record<string, string> {
  const files: Record<string, string> = {}
  chunk(payloads, 4).forEach((group, index) => {
    const [title = 'x', subtitle = 'x', author = 'x', organization = 'x'] = group
    const yaml = [`title: ${JSON.stringify(title)}`, `subtitle: ${JSON.stringify(subtitle)}`, `author: ${JSON.stringify(author)}`, `organization: ${JSON.stringify(organization)}`].join('\n')
    files[`decks/frontmatter-${index}.md`] = `---\n${yaml}\n---\n\n## Slide\n\nText.\n`
  })
  return files
}

function urlBriefs(): Record<string, string> {
  const files: Record<string, string> = {}
  const urls = [...URL_PAYLOADS, ...payloads.map((payload) => payload.replace(/[<>\r\n]/g, ' '))]
  chunk(urls, 15).forEach((group, index) => {
    const body = group.map((url, i) => `[link ${i}](<${url}>) and ![image ${i}](<${url}>)\n\n[ref ${i}][r${i}]\n\n[r${i}]: <${url}>`).join('\n\n')
    files[`decks/urls-${index}.md`] = `---\ntitle: URLs ${index}\n---\n\n${body}\n`
  })
  // Each URL payload also on its own, so that one brief's errors do not hide another's pages.
  URL_PAYLOADS.forEach((url, i) => {
    files[`decks/url-alone-${i}.md`] = `---\ntitle: URL ${i}\n---\n\n[link](<${url}>)\n`
  })
  return files
}

let browser: Browser

beforeAll(async () => {
  browser = await chromium.launch({executablePath: findBrowser(), args: BROWSER_ARGS})
}, 60_000)

afterAll(async () => {
  await browser?.close()
})

/** Build a project and load every page it wrote; the number of executions seen. */
async function executions(files: Record<string, string>, options: Partial<BuildOptions> = {}): Promise<{pages: number; executed: string[]}> {
  const dir = tempProject(files)
  await build({root: dir, ...options})
  const out = path.join(dir, 'out')
  const pages = fs
    .readdirSync(out, {recursive: true})
    .map(String)
    .filter((name) => name.endsWith('.html'))
  const context = await browser.newContext()
  await context.addInitScript(() => {
    const record = (what: string) => () => {
      ;(window as unknown as {executed: string[]}).executed.push(what)
    }
    ;(window as unknown as {executed: string[]}).executed = []
    for (const name of ['alert', 'confirm', 'prompt', 'print'] as const) (window as unknown as Record<string, unknown>)[name] = record(name)
  })
  const executed: string[] = []
  for (const name of pages) {
    const page = await context.newPage()
    page.on('dialog', (dialog) => {
      executed.push(`${name}: dialog`)
      void dialog.dismiss().catch(() => undefined)
    })
    await page.goto(pathToFileURL(path.join(out, name)).href, {waitUntil: 'load', timeout: 20_000}).catch(() => undefined)
    await page.waitForTimeout(50)
    const seen = await page.evaluate(() => (window as unknown as {executed?: string[]}).executed ?? []).catch(() => [])
    executed.push(...seen.map((what) => `${name}: ${what}`))
    await page.close()
  }
  await context.close()
  return {pages: pages.length, executed}
}

describe('hostile input runs no script in any page we write', () => {
  test('the corpus has its 223 payloads', () => {
    expect(payloads).toHaveLength(223)
  })

  test('control: with sanitizing and the CSP off, the harness sees payloads run', async () => {
    const {executed} = await executions(bodyBriefs(), {unsafe: {sanitize: false, csp: false}})
    expect(executed.length).toBeGreaterThan(0)
  })

  const placements = [
    ['raw HTML in the body', bodyBriefs],
    ['annotation attributes', attributeBriefs],
    ['front matter values', frontmatterBriefs],
    ['link and image URLs', urlBriefs]
  ] as const

  // Each placement loads 50 to 120 pages one after another: a generous limit, this is not a speed test.
  test.each(placements)('payloads as %s: 0 executions', {timeout: 300_000}, async (_label, make) => {
    const {pages, executed} = await executions(make())
    expect(pages).toBeGreaterThan(1)
    expect(executed).toEqual([])
  })

  // Defence in depth: the sanitizer and the escaping hold on their own, without the CSP behind them.
  test.each(placements)('payloads as %s, CSP switched off: still 0 executions', {timeout: 300_000}, async (_label, make) => {
    const {executed} = await executions(make(), {unsafe: {csp: false}})
    expect(executed).toEqual([])
  })
})
