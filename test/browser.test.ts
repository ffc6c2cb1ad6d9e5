/**
 * Checked the way a person sees it: the seed brief's pages in a real
 * Chromium (Debian's, found like the CLI finds it), its PDFs read back with
 * poppler, accessibility with axe-core, markup with html-validate.
 * Screenshots land in test-artifacts/ (git-ignored) for a human to look at.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import type {AddressInfo} from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {HtmlValidate} from 'html-validate'
import {chromium, type Browser, type Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {findBrowser} from '../src/browser/find.js'
import {BROWSER_ARGS} from '../src/browser/session.js'
import {build} from '../src/pipeline/build.js'
import type {HandoutLayout} from '../src/types.js'
import {fromHtml} from 'hast-util-from-html'
import {all, FIXTURES, REPO, messageLines, runCli, tempProject} from './helpers.js'
import {axeSource, axeViolations} from './axe.js'

const ARTIFACTS = path.join(REPO, 'test-artifacts')
const SEED = 'decks/russia-iran-partnership.md'
const LAYOUTS: HandoutLayout[] = ['article', 'notes', 'slides']

let browser: Browser
/** Output folder per handout layout, each built with --pdf. */
const outs = {} as Record<HandoutLayout, string>
const seedFile = (layout: HandoutLayout, name: string) => path.join(outs[layout], 'russia-iran-partnership', name)

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, {recursive: true})
  browser = await chromium.launch({executablePath: findBrowser(), args: BROWSER_ARGS})
  for (const layout of LAYOUTS) {
    outs[layout] = fs.mkdtempSync(path.join(os.tmpdir(), `briefdeck-browser-${layout}-`))
    const result = await build({root: REPO, paths: [SEED], out: outs[layout], pdf: true, handoutLayout: layout})
    expect(result.errors).toBe(0)
  }
}, 180_000)

afterAll(async () => {
  await browser?.close()
})

async function open(url: string, viewport = {width: 1280, height: 760}, bypassCSP = false): Promise<Page> {
  // Tools that inject themselves (axe-core) need the page's policy set aside; the pages never do.
  const context = await browser.newContext({viewport, bypassCSP})
  const page = await context.newPage()
  await page.goto(url)
  return page
}

const current = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('.bd-deck svg[data-marpit-svg]')].findIndex((s) => s.classList.contains('bd-current')) + 1)

describe('deck.html in Chromium', () => {
  test('navigates by keyboard, click and hash, and reload stays on the slide', async () => {
    const page = await open(pathToFileURL(seedFile('article', 'deck.html')).href)
    expect(await current(page)).toBe(1)
    await page.screenshot({path: path.join(ARTIFACTS, 'deck-title-slide.png')})
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('PageDown')
    await page.keyboard.press('Space')
    expect(await current(page)).toBe(4)
    expect(new URL(page.url()).hash).toBe('#4')
    await page.keyboard.press('ArrowRight')
    expect(await current(page)).toBe(5)
    await page.screenshot({path: path.join(ARTIFACTS, 'deck-quote-slide.png')})
    await page.reload()
    expect(await current(page)).toBe(5)
    await page.mouse.click(1100, 300)
    expect(await current(page)).toBe(6)
    await page.mouse.click(100, 300)
    expect(await current(page)).toBe(5)
    await page.keyboard.press('End')
    const last = await current(page)
    expect(last).toBe(await page.locator('.bd-deck svg[data-marpit-svg]').count())
    await page.keyboard.press('Home')
    expect(await current(page)).toBe(1)
    const width = await page.locator('.bd-progress-bar').evaluate((bar) => (bar as HTMLElement).style.width)
    expect(parseFloat(width)).toBeCloseTo(100 / last, 1)
    await page.context().close()
  })

  test('the presenter window shows current and next slide, notes and clock, and follows the audience window both ways', async () => {
    const audience = await open(pathToFileURL(seedFile('article', 'deck.html')).href + '#2')
    const [presenter] = await Promise.all([audience.context().waitForEvent('page'), audience.keyboard.press('p')])
    await presenter.waitForLoadState('load')
    await presenter.setViewportSize({width: 1280, height: 800})
    expect(await current(presenter)).toBe(2)
    const next = () => presenter.evaluate(() => [...document.querySelectorAll('.bd-deck svg[data-marpit-svg]')].findIndex((s) => s.classList.contains('bd-next')) + 1)
    expect(await next()).toBe(3)
    expect(await presenter.locator('#bd-notes').isVisible()).toBe(true)
    await expect.poll(() => presenter.locator('.bd-notes-text').textContent()).toContain('these are not two separate regional problems')
    expect(await presenter.locator('.bd-clock').textContent()).toMatch(/^\d\d:\d\d$/)
    await audience.keyboard.press('ArrowRight')
    await expect.poll(() => current(presenter)).toBe(3)
    expect(await presenter.locator('.bd-notes-text').textContent()).toContain('Walk through who took part')
    await presenter.screenshot({path: path.join(ARTIFACTS, 'deck-presenter-view.png')})
    await presenter.keyboard.press('ArrowRight')
    await expect.poll(() => current(audience)).toBe(4)
    expect(new URL(audience.url()).hash).toBe('#4')
    await audience.context().close()
  })
})

describe('Content-Security-Policy', () => {
  test('every page carries one, and our own pages break none of it (scripts run, images load)', async () => {
    const pages = [path.join(outs.article, 'index.html'), seedFile('article', 'deck.html'), ...LAYOUTS.map((layout) => seedFile(layout, 'handout.html'))]
    for (const file of pages) {
      expect(fs.readFileSync(file, 'utf8'), file).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#x27;none&#x27;;/)
      const context = await browser.newContext()
      await context.addInitScript(() => {
        const seen: string[] = ((window as unknown as {violations: string[]}).violations = [])
        document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`))
      })
      const page = await context.newPage()
      await page.goto(pathToFileURL(file).href)
      await page.waitForLoadState('load')
      expect(await page.evaluate(() => (window as unknown as {violations: string[]}).violations), file).toEqual([])
      const broken = await page.evaluate(() => [...document.images].filter((image) => !image.complete || image.naturalWidth === 0).map((image) => image.src))
      expect(broken, file).toEqual([])
      await context.close()
    }
  })

  test('an injected inline handler or script does not run in a deck page', async () => {
    const html = fs.readFileSync(seedFile('article', 'deck.html'), 'utf8').replace('</main>', '<img src="x" onerror="window.ran = 1"><script>window.ran = 2</script></main>')
    const file = path.join(outs.article, 'russia-iran-partnership', 'tampered.html')
    fs.writeFileSync(file, html)
    const page = await open(pathToFileURL(file).href)
    await page.waitForTimeout(200)
    expect(await page.evaluate(() => (window as unknown as {ran?: number}).ran)).toBeUndefined()
    expect(await current(page)).toBe(1)
    await page.context().close()
  })
})

describe('accessibility and markup', () => {
  const axe = (file: string) => axeViolations(browser, file)

  test('axe-core finds no violations on deck.html', async () => {
    expect(await axe(seedFile('article', 'deck.html'))).toEqual([])
  })

  test.each(LAYOUTS)('axe-core finds no violations on the %s handout', async (layout) => {
    expect(await axe(seedFile(layout, 'handout.html'))).toEqual([])
  })

  test.each(['briefing', 'briefing-dark'])('every slide of the seed deck in the %s theme meets WCAG AA contrast', async (theme) => {
    const source = fs.readFileSync(path.join(REPO, SEED), 'utf8').replace(/^theme: .*$/m, `theme: ${theme}`)
    expect(source).toContain(`theme: ${theme}`)
    const files: Record<string, string | Buffer> = {'decks/russia-iran-partnership.md': source}
    for (const image of fs.readdirSync(path.join(REPO, 'decks/images'))) files[`decks/images/${image}`] = fs.readFileSync(path.join(REPO, 'decks/images', image))
    const dir = tempProject(files)
    const built = await runCli(['build'], dir)
    expect(built.stderr).not.toContain('error')
    expect(built.code).toBe(0)
    const page = await open(pathToFileURL(path.join(dir, 'out/russia-iran-partnership/deck.html')).href, undefined, true)
    await page.addScriptTag({content: axeSource})
    const total = await page.locator('.bd-deck svg[data-marpit-svg]').count()
    const problems: string[] = []
    for (let slide = 1; slide <= total; slide++) {
      if (slide > 1) await page.keyboard.press('ArrowRight')
      const found = await page.evaluate(async () => {
        const axe = (window as unknown as {axe: {run: (context: Element, options: object) => Promise<{violations: Array<{id: string; nodes: Array<{target: string[]}>}>}>}}).axe
        const current = document.querySelector('svg.bd-current') as Element
        const result = await axe.run(current, {runOnly: ['color-contrast']})
        return result.violations.flatMap((violation) => violation.nodes.map((node) => node.target.join(' ')))
      })
      problems.push(...found.map((target) => `slide ${slide}: ${target}`))
    }
    if (theme === 'briefing-dark') await page.screenshot({path: path.join(ARTIFACTS, 'deck-dark-last-slide.png')})
    expect(problems).toEqual([])
    await page.context().close()
  })

  test('html-validate reports no errors on any page we write', async () => {
    const validator = new HtmlValidate({extends: ['html-validate:recommended'], rules: {'long-title': 'off'}})
    const pages = [path.join(outs.article, 'index.html'), seedFile('article', 'deck.html'), ...LAYOUTS.map((layout) => seedFile(layout, 'handout.html'))]
    for (const file of pages) {
      const report = await validator.validateString(fs.readFileSync(file, 'utf8'))
      const messages = report.results.flatMap((result) => result.messages.map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.message}`))
      expect(messages, file).toEqual([])
    }
  })
})

describe('PDF export', () => {
  const pdfPages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], {encoding: 'utf8'}))?.[1])
  const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], {encoding: 'utf8'}).replace(/\s+/g, ' ')

  test('deck.pdf has one page per slide, slide-sized', async () => {
    const slides = (fs.readFileSync(seedFile('article', 'deck.html'), 'utf8').match(/<svg data-marpit-svg/g) ?? []).length
    expect(slides).toBeGreaterThan(10)
    expect(pdfPages(seedFile('article', 'deck.pdf'))).toBe(slides)
    expect(execFileSync('pdfinfo', [seedFile('article', 'deck.pdf')], {encoding: 'utf8'})).toMatch(/Page size:\s+960 x 540 pts/)
    expect(pdfText(seedFile('article', 'deck.pdf'))).toContain('Those concerned with the growth of Iran’s military power')
  })

  test.each(LAYOUTS)('the %s handout.pdf is A4 and holds the endnotes and image credits', async (layout) => {
    const file = seedFile(layout, 'handout.pdf')
    expect(execFileSync('pdfinfo', [file], {encoding: 'utf8'})).toMatch(/Page size:.*\(A4\)/)
    const text = pdfText(file)
    expect(text).toContain('Why You Can’t be an Iran Hawk and a Russia Dove')
    expect(text).toContain('Institute for the Study of War, April 18, 2024')
    expect(text).toContain('“Meeting between Putin and Khamenei 2” by khamenei.ir is licensed under CC BY 4.0')
    expect(text).toContain('Untitled photo by The White House via Flickr. Licence not stated.')
    expect(text).toMatch(/Page 1 of \d+/)
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', file, path.join(ARTIFACTS, `handout-${layout}-page-1`)])
  })

  test('paper size letter, and the notes layout puts two slides a page', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-letter-'))
    await build({root: REPO, paths: [SEED], out: out, pdf: true, handoutLayout: 'notes', paper: 'letter'})
    const file = path.join(out, 'russia-iran-partnership', 'handout.pdf')
    expect(execFileSync('pdfinfo', [file], {encoding: 'utf8'})).toMatch(/Page size:\s+612 x 792 pts \(letter\)/)
    const slides = (fs.readFileSync(path.join(out, 'russia-iran-partnership', 'deck.html'), 'utf8').match(/<svg data-marpit-svg/g) ?? []).length
    const pageOf = (n: number) =>
      execFileSync('pdftotext', ['-f', String(Math.ceil(n / 2)), '-l', String(Math.ceil(n / 2)), file, '-'], {encoding: 'utf8'})
    for (let n = 1; n <= slides; n++) expect(pageOf(n), `slide ${n}`).toMatch(new RegExp(`SLIDE ${n}\\b`))
  })

  test('a remote image that never answers is given up on and named, and the PDF is still written', async () => {
    // A server that accepts the connection and never says a word (not even a TLS handshake).
    const sockets = new Set<net.Socket>()
    const server = net.createServer((socket) => sockets.add(socket))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/slow.png`
    try {
      const dir = tempProject({'decks/remote.md': `---\ntitle: Remote image\n---\n\n![A photo that never arrives](${url})\n`})
      const started = Date.now()
      const {code, stderr} = await runCli(['build', '--pdf'], dir)
      expect(Date.now() - started).toBeLessThan(60_000)
      expect(code).toBe(0)
      expect(stderr).toContain(`\`${url}\` did not load within 5 s`)
      expect(stderr).toMatch(/5:31\s+warning.*remote-resource-failed/)
      expect(fs.existsSync(path.join(dir, 'out/remote/deck.pdf'))).toBe(true)
      // Zotero's connector finds the PDF from the handout's Highwire tag.
      const pdfTag = all(fromHtml(fs.readFileSync(path.join(dir, 'out/remote/handout.html'), 'utf8')), 'meta[name="citation_pdf_url"]')
      expect(pdfTag.map((meta) => meta.properties.content)).toEqual(['handout.pdf'])
      expect(fs.existsSync(path.join(dir, 'out/remote/handout.pdf'))).toBe(true)
    } finally {
      for (const socket of sockets) socket.destroy()
      server.close()
    }
  })

  test('without a browser, --pdf exits 2 and says how to get one', async () => {
    const saved = process.env.CHROME_PATH
    process.env.CHROME_PATH = '/nonexistent/chromium'
    try {
      const dir = tempProject({'decks/a.md': '---\ntitle: A\n---\n\nText.\n'})
      const {code, stderr} = await runCli(['build', '--pdf'], dir)
      expect(code).toBe(2)
      expect(stderr).toContain('CHROME_PATH is set to /nonexistent/chromium')
      expect(fs.existsSync(path.join(dir, 'out/a'))).toBe(false)
    } finally {
      if (saved === undefined) delete process.env.CHROME_PATH
      else process.env.CHROME_PATH = saved
    }
  })
})

describe('overflow check', () => {
  test('check --render reports the overflowing slide with its number and source line', async () => {
    const dir = tempProject({
      'decks/overflowing.md': fs.readFileSync(path.join(FIXTURES, 'overflow', 'overflowing.md')),
      'decks/fitting.md': fs.readFileSync(path.join(FIXTURES, 'overflow', 'fitting.md'))
    })
    const result = await build({root: dir, write: false, render: true})
    const [fitting, overflowing] = result.briefs
    expect(messageLines(fitting.file)).toEqual([])
    expect(messageLines(overflowing.file)).toEqual(['12:1 warning slide-overflow'])
    expect(overflowing.file.messages[0].reason).toMatch(/^Slide 3 overflows its box by \d+ px at the bottom/)
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false)
    const strict = await runCli(['check', '--render', '--strict'], dir)
    expect(strict.code).toBe(1)
    expect(strict.stderr).toMatch(/12:1\s+error\s+Slide 3 overflows/)
  })

  test('check --render reports content wider than the slide: a wide table, and a long address that cannot break', async () => {
    const dir = tempProject({
      'decks/wide-table.md': fs.readFileSync(path.join(FIXTURES, 'overflow', 'wide-table.md')),
      'decks/long-url.md': fs.readFileSync(path.join(FIXTURES, 'overflow', 'long-url.md')),
      'decks/fitting.md': fs.readFileSync(path.join(FIXTURES, 'overflow', 'fitting.md'))
    })
    const result = await build({root: dir, write: false, render: true})
    const bySlug = new Map(result.briefs.map((brief) => [brief.slug, brief.file]))
    expect(messageLines(bySlug.get('fitting')!)).toEqual([])
    const table = bySlug.get('wide-table')!
    expect(messageLines(table)).toEqual(['5:1 warning slide-overflow'])
    expect(table.messages[0].reason).toMatch(/^Slide 2 overflows its box by \d+ px at the side.*, with a table wider than the slide: give the table fewer columns/)
    const url = bySlug.get('long-url')!
    expect(messageLines(url)).toEqual(['5:1 warning slide-overflow'])
    expect(url.messages[0].reason).toMatch(/^Slide 2 overflows its box by \d+ px at the side.*, with a word or address too long to break: shorten it, or make the address a link/)
  })

  test('a --pdf build checks the slides it prints and reports overflow as warnings; the PDFs are written', async () => {
    const dir = tempProject({
      'decks/wide-table.md': fs.readFileSync(path.join(FIXTURES, 'overflow', 'wide-table.md')),
      'decks/overflowing.md': fs.readFileSync(path.join(FIXTURES, 'overflow', 'overflowing.md'))
    })
    const run = await runCli(['build', '--pdf'], dir)
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/wide-table\.md\n\s*5:1\s+warning\s+Slide 2 overflows its box by \d+ px at the side/)
    expect(run.stderr).toMatch(/overflowing\.md\n\s*12:1\s+warning\s+Slide 3 overflows its box by \d+ px at the bottom/)
    expect(fs.existsSync(path.join(dir, 'out', 'wide-table', 'deck.pdf'))).toBe(true)
  })
})
