/**
 * Briefs in German, French and Arabic in Chromium: the PDFs hold no English
 * word briefdeck generated, the Arabic deck and handouts are laid out right to
 * left (computed direction, where things sit on screen, which way the keys go),
 * and axe-core finds no violation in any language, `lang` and `dir` included.
 * Screenshots go to test-artifacts/.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {parse, TYPE, type MessageFormatElement} from '@formatjs/icu-messageformat-parser'
import {chromium, type Browser, type Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {findBrowser} from '../src/browser/find.js'
import {BROWSER_ARGS} from '../src/browser/session.js'
import {build} from '../src/pipeline/build.js'
import type {HandoutLayout} from '../src/types.js'
import {FIXTURES, REPO} from './helpers.js'
import {axeViolations} from './axe.js'

const ARTIFACTS = path.join(REPO, 'test-artifacts')
const LANGS = ['de', 'fr', 'ar'] as const
const LAYOUTS: HandoutLayout[] = ['article', 'notes', 'slides']

type Catalogue = Record<string, string>
const read = (lang: string): Catalogue => JSON.parse(fs.readFileSync(path.join(REPO, 'messages', `${lang}.json`), 'utf8')) as Catalogue
const en = read('en')

/** The literal words of English messages that the language words differently. */
function englishWords(lang: string): string[] {
  const translated = read(lang)
  const words = new Set<string>()
  const walk = (elements: MessageFormatElement[], key: string) => {
    for (const element of elements) {
      if (element.type === TYPE.literal) {
        const piece = element.value.replace(/^[\s,.:;()/–-]+|[\s,.:;()/–-]+$/g, '')
        if (/[A-Za-z]{3,}/.test(piece) && !translated[key].includes(piece)) words.add(piece)
      } else if (element.type === TYPE.tag) walk(element.children, key)
      else if (element.type === TYPE.select || element.type === TYPE.plural) for (const option of Object.values(element.options)) walk(option.value, key)
    }
  }
  for (const [key, message] of Object.entries(en)) if (translated[key] !== message) walk(parse(message), key)
  return [...words]
}

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const englishIn = (text: string, words: string[]) => words.filter((word) => new RegExp(`(^|[^A-Za-z])${escape(word)}([^A-Za-z]|$)`).test(text))
const pdfText = (file: string) => execFileSync('pdftotext', [file, '-'], {encoding: 'utf8'}).replace(/\s+/g, ' ')

let browser: Browser
/** Output folder per language and handout layout, each built with --pdf. */
const outs = {} as Record<(typeof LANGS)[number], Record<HandoutLayout, string>>
const file = (lang: (typeof LANGS)[number], layout: HandoutLayout, name: string) => path.join(outs[lang][layout], lang, name)

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, {recursive: true})
  browser = await chromium.launch({executablePath: findBrowser(), args: BROWSER_ARGS})
  for (const lang of LANGS) {
    outs[lang] = {} as Record<HandoutLayout, string>
    for (const layout of LAYOUTS) {
      outs[lang][layout] = fs.mkdtempSync(path.join(os.tmpdir(), `briefdeck-i18n-pdf-${lang}-${layout}-`))
      const result = await build({root: REPO, paths: [path.join(FIXTURES, 'i18n', `${lang}.md`)], out: outs[lang][layout], pdf: true, handoutLayout: layout})
      expect(result.errors, `${lang} ${layout}`).toBe(0)
    }
  }
}, 300_000)

afterAll(async () => {
  await browser?.close()
})

async function open(url: string, options: {bypassCSP?: boolean; viewport?: {width: number; height: number}} = {}): Promise<Page> {
  const context = await browser.newContext({viewport: options.viewport ?? {width: 1280, height: 760}, bypassCSP: options.bypassCSP ?? false})
  const page = await context.newPage()
  await page.goto(url)
  return page
}

describe.each(LANGS)('%s: the PDFs', (lang) => {
  test.each(LAYOUTS)('the %s handout.pdf and the deck.pdf hold no English word briefdeck generated, and the words of the language', (layout) => {
    const words = englishWords(lang)
    const catalogue = read(lang)
    const handout = pdfText(file(lang, layout, 'handout.pdf'))
    expect(englishIn(handout, words), 'handout.pdf').toEqual([])
    const deck = pdfText(file(lang, layout, 'deck.pdf'))
    expect(englishIn(deck, words), 'deck.pdf').toEqual([])
    // Arabic text comes out of a PDF in visual order; the Latin-script languages are checked word for word.
    if (lang !== 'ar') {
      expect(handout).toContain(catalogue.imageCredits)
      expect(deck).toContain(catalogue.sources)
      const page = catalogue.pageOfPages.replace('{page}', '1').replace(/\{pages\}/, '')
      expect(handout.replace(/\u00A0/g, ' ')).toContain(page.replace(/\u00A0/g, ' ').trim())
    }
  })
})

describe('Arabic reads right to left', () => {
  test('deck.html: slides, controls, progress bar and keys go right to left, and the theme alone makes stock Marp output right to left', async () => {
    const page = await open(pathToFileURL(file('ar', 'article', 'deck.html')).href)
    const directions = await page.evaluate(() => ({
      html: getComputedStyle(document.documentElement).direction,
      slide: getComputedStyle(document.querySelector('svg.bd-current section') as Element).direction,
      controls: getComputedStyle(document.querySelector('.bd-controls') as Element).direction
    }))
    expect(directions).toEqual({html: 'rtl', slide: 'rtl', controls: 'rtl'})
    await page.screenshot({path: path.join(ARTIFACTS, 'i18n-ar-deck-title.png')})
    const current = () => page.evaluate(() => [...document.querySelectorAll('.bd-deck svg[data-marpit-svg]')].findIndex((svg) => svg.classList.contains('bd-current')) + 1)
    await page.keyboard.press('ArrowLeft')
    expect(await current()).toBe(2)
    await page.keyboard.press('ArrowLeft')
    expect(await current()).toBe(3)
    await page.keyboard.press('ArrowRight')
    expect(await current()).toBe(2)
    // The progress bar grows from the right; "previous" is the rightmost control.
    const bar = await page.locator('.bd-progress-bar').boundingBox()
    expect(bar && Math.round(bar.x + bar.width)).toBe(1280)
    expect(bar && bar.x).toBeGreaterThan(0)
    const previous = await page.locator('[data-bd="prev"]').boundingBox()
    const next = await page.locator('[data-bd="next"]').boundingBox()
    expect(previous && next && previous.x > next.x).toBe(true)
    // The position reads in the language's own words and digits.
    expect(await page.locator('.bd-position').textContent()).toBe(
      read('ar').slidePosition.replace('{number}', new Intl.NumberFormat('ar').format(2)).replace('{total}', new Intl.NumberFormat('ar').format(await page.locator('.bd-deck svg[data-marpit-svg]').count()))
    )
    await page.keyboard.press('ArrowLeft')
    await page.screenshot({path: path.join(ARTIFACTS, 'i18n-ar-deck-slide-3.png')})
    // Without the page's dir (as stock marp-cli writes deck.md), Marp's lang on each slide and the theme still make it right to left.
    const slide = await page.evaluate(() => {
      document.documentElement.removeAttribute('dir')
      const section = document.querySelector('svg.bd-current section') as HTMLElement
      return {lang: section.getAttribute('lang'), direction: getComputedStyle(section).direction}
    })
    expect(slide).toEqual({lang: 'ar', direction: 'rtl'})
    await page.context().close()
  })

  test('the notes panel speaks Arabic', async () => {
    const page = await open(pathToFileURL(file('ar', 'article', 'deck.html')).href)
    await page.keyboard.press('n')
    await expect.poll(() => page.locator('#bd-notes').isVisible()).toBe(true)
    const heading = await page.locator('#bd-notes h2').textContent()
    expect(heading).toContain(read('ar').speakerNotes)
    expect(await page.locator('.bd-notes-slide').textContent()).toBe(read('ar').notesOfSlide.replace('{number}', new Intl.NumberFormat('ar').format(1)))
    expect(await page.locator('#bd-notes').evaluate((panel) => getComputedStyle(panel).direction)).toBe('rtl')
    await page.screenshot({path: path.join(ARTIFACTS, 'i18n-ar-deck-notes.png')})
    await page.context().close()
  })

  test.each(LAYOUTS)('the %s handout: text, lists and quotes start on the right; an English title inside stays isolated', async (layout) => {
    const page = await open(pathToFileURL(file('ar', layout, 'handout.html')).href)
    const facts = await page.evaluate(() => {
      const box = (selector: string) => document.querySelector(selector)?.getBoundingClientRect()
      const handout = box('.handout') as DOMRect
      const title = box('.title-block h1') as DOMRect
      const notes = document.querySelector('.endnotes ol') as Element
      return {
        body: getComputedStyle(document.body).direction,
        titleAlign: title.right > handout.right - 60,
        notes: getComputedStyle(notes).direction,
        isolated: [...document.querySelectorAll('bdi')].some((bdi) => /[A-Za-z]{4,}/.test(bdi.textContent ?? ''))
      }
    })
    expect(facts).toEqual({body: 'rtl', titleAlign: true, notes: 'rtl', isolated: true})
    await page.screenshot({path: path.join(ARTIFACTS, `i18n-ar-handout-${layout}.png`), fullPage: layout === 'article'})
    await page.context().close()
  })

  test('index.html names the Arabic brief right to left', async () => {
    const page = await open(pathToFileURL(path.join(outs.ar.article, 'index.html')).href)
    expect(await page.locator('.brief-title').evaluate((title) => getComputedStyle(title).direction)).toBe('rtl')
    await page.context().close()
  })
})

describe('accessibility in every language', () => {
  const axe = (target: string) => axeViolations(browser, target)

  test.each(LANGS)('%s: axe-core finds no violations on deck.html, every handout layout and index.html', async (lang) => {
    expect(await axe(file(lang, 'article', 'deck.html')), 'deck.html').toEqual([])
    for (const layout of LAYOUTS) expect(await axe(file(lang, layout, 'handout.html')), `${layout} handout`).toEqual([])
    expect(await axe(path.join(outs[lang].article, 'index.html')), 'index.html').toEqual([])
  })
})
