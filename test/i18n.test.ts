/**
 * Languages: the shipped catalogues are complete and well formed, the
 * localizer agrees with Intl and the CSL locales, labels override wording, and
 * German, French and Arabic briefs build with no English word briefdeck wrote.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {parse, TYPE, type MessageFormatElement} from '@formatjs/icu-messageformat-parser'
import type {Element, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {toString} from 'hast-util-to-string'
import {selectAll} from 'hast-util-select'
import {VFile} from 'vfile'
import {describe, expect, test} from 'vitest'
import {MESSAGE_KEYS} from '../src/i18n/catalogues.js'
import {directionOf} from '../src/i18n/direction.js'
import {localizer} from '../src/i18n/localize.js'
import {resolveLabels} from '../src/i18n/labels.js'
import {validateOptions} from '../src/options.js'
import {build} from '../src/pipeline/build.js'
import type {HandoutLayout} from '../src/types.js'
import {all, analyze, brief, buildBrief, FIXTURES, one, REPO, tempProject, text} from './helpers.js'

type Catalogue = Record<string, string>
const read = (lang: string): Catalogue => JSON.parse(fs.readFileSync(path.join(REPO, 'messages', `${lang}.json`), 'utf8')) as Catalogue
const en = read('en')
const TRANSLATIONS = ['de', 'fr', 'es', 'ar']
const LAYOUTS: HandoutLayout[] = ['article', 'notes', 'slides']

/** Every argument, tag, plural/select option set and literal of a message. */
function shape(message: string) {
  const result = {arguments: new Set<string>(), tags: new Set<string>(), options: [] as Array<{name: string; keys: string[]; bodies: MessageFormatElement[][]}>, literals: [] as string[]}
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type === TYPE.literal) result.literals.push(element.value)
      else if (element.type === TYPE.tag) {
        result.tags.add(element.value)
        walk(element.children)
      } else if (element.type === TYPE.select || element.type === TYPE.plural) {
        result.arguments.add(element.value)
        result.options.push({name: element.value, keys: Object.keys(element.options), bodies: Object.values(element.options).map((option) => option.value)})
        for (const option of Object.values(element.options)) walk(option.value)
      } else if (element.type !== TYPE.pound) result.arguments.add(element.value)
    }
  }
  walk(parse(message))
  return result
}

describe('the message catalogues', () => {
  test('messages/ ships English, German, French, Spanish and Arabic, and the code knows exactly the English keys', () => {
    const files = fs.readdirSync(path.join(REPO, 'messages')).filter((name) => name.endsWith('.json')).sort()
    expect(files).toEqual(['ar.json', 'de.json', 'en.json', 'es.json', 'fr.json'])
    expect([...MESSAGE_KEYS]).toEqual(Object.keys(en))
  })

  test.each(TRANSLATIONS)('%s has every key English has, and no other', (lang) => {
    const catalogue = read(lang)
    expect(Object.keys(en).filter((key) => !(key in catalogue)), 'missing keys').toEqual([])
    expect(Object.keys(catalogue).filter((key) => !(key in en)), 'unknown keys').toEqual([])
  })

  test.each(TRANSLATIONS)('%s: every message parses and uses the same values and tags as English, with `other` in every choice', (lang) => {
    const catalogue = read(lang)
    for (const [key, message] of Object.entries(catalogue)) {
      const mine = shape(message)
      const reference = shape(en[key])
      expect([...mine.arguments].sort(), `${lang}.${key}`).toEqual([...reference.arguments].sort())
      expect([...mine.tags].sort(), `${lang}.${key}`).toEqual([...reference.tags].sort())
      for (const choice of mine.options) expect(choice.keys, `${lang}.${key}`).toContain('other')
      expect(message.trim(), `${lang}.${key}`).not.toBe('')
    }
  })

  test.each(TRANSLATIONS)('%s: a plural message has every category the language uses', (lang) => {
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories
    for (const [key, message] of Object.entries(read(lang))) {
      for (const choice of shape(message).options.filter((option) => option.keys.includes('one') || option.keys.some((name) => categories.includes(name as Intl.LDMLPluralRule)))) {
        if (shape(en[key]).options.find((option) => option.name === choice.name)?.keys.includes('one')) {
          for (const category of categories) if (category !== 'one' || lang !== 'ar') expect(choice.keys, `${lang}.${key}`).toContain(category)
        }
      }
    }
  })

  test.each(['en', ...TRANSLATIONS])('%s: each button’s accessible name begins with its visible text', (lang) => {
    const catalogue = read(lang)
    for (const button of ['notesButton', 'fullscreenButton', 'presenterButton']) {
      expect(catalogue[`${button}Label`].startsWith(catalogue[button]), `${lang}.${button}Label`).toBe(true)
    }
  })
})

describe('the localizer', () => {
  test.each(['en', 'de', 'fr', 'es', 'ar', 'en-GB', 'de-AT'])('%s: dates, lists and numbers are those of Intl', (lang) => {
    const words = localizer(lang)
    const day = new Date(Date.UTC(2024, 3, 18))
    expect(words.date('2024-04-18')).toBe(new Intl.DateTimeFormat(lang, {dateStyle: 'long', timeZone: 'UTC'}).format(day))
    expect(words.date('2024-04')).toBe(new Intl.DateTimeFormat(lang, {month: 'long', year: 'numeric', timeZone: 'UTC'}).format(day))
    expect(words.list(['A', 'B', 'C'])).toBe(new Intl.ListFormat(lang, {type: 'conjunction'}).format(['A', 'B', 'C']))
    expect(words.number(1234)).toBe(new Intl.NumberFormat(lang).format(1234))
  })

  test.each([
    ['de', 'de-DE'],
    ['fr', 'fr-FR'],
    ['es', 'es-ES'],
    ['en', 'en-US']
  ])('%s: quotation marks are the CSL locale’s terms', (lang, locale) => {
    const xml = fs.readFileSync(path.join(REPO, 'csl', 'locales', `locales-${locale}.xml`), 'utf8').replace(/&#160;/g, '\u00A0')
    const term = (name: string) => new RegExp(`<term name="${name}">([^<]*)</term>`).exec(xml)?.[1]
    expect(localizer(lang).quote('T')).toBe(`${term('open-quote')}T${term('close-quote')}`)
  })

  test('right to left for Arabic, Hebrew, Persian, Urdu and Arabic-script tags; left to right otherwise', () => {
    for (const lang of ['ar', 'ar-EG', 'he', 'fa', 'ur', 'ps', 'ckb', 'az-Arab']) expect(directionOf(lang), lang).toBe('rtl')
    for (const lang of ['en', 'de', 'fr', 'es', 'tr', 'az', 'ar-Latn']) expect(directionOf(lang), lang).toBe('ltr')
  })

  test('a regional tag reads its language’s catalogue; a message falls back per string: the team’s labels, the language, English', () => {
    expect(localizer('de-AT').text('sources')).toBe(read('de').sources)
    expect(localizer('de-AT').missing).toEqual([])
    const labels = resolveLabels({notes: 'Endnoten', de: {sources: 'Belege'}, 'de-AT': {imageCredits: 'Fotos'}, sw: {sources: 'Vyanzo'}})
    const austrian = localizer('de-AT', labels)
    expect([austrian.text('sources'), austrian.text('notes'), austrian.text('imageCredits'), austrian.text('references')]).toEqual(['Belege', 'Endnoten', 'Fotos', read('de').references])
    const swahili = localizer('sw', labels)
    expect(swahili.supported).toBe(true)
    expect(swahili.text('sources')).toBe('Vyanzo')
    expect(swahili.text('references')).toBe(en.references)
    expect(swahili.missing).toContain('references')
    expect(swahili.missing).not.toContain('sources')
    expect(localizer('sw').supported).toBe(false)
  })
})

describe('labels in the config', () => {
  test('a misspelt message name, a value the message never gets and broken syntax are errors that say how to fix them', () => {
    const check = (labels: unknown) => () => validateOptions({labels}, {where: 'briefdeck.config.mjs'})
    expect(check({sorces: 'x'})).toThrow(/`sorces` is not one\. Did you mean `sources`\?/)
    expect(check({de: {imageCredit: 'x'}})).toThrow(/`de\.imageCredit` is not one\. Did you mean `imageCredits`\?/)
    expect(check({continued: '{heading} (Forts.)'})).toThrow(/uses \{heading\}, which it never gets: use \{title\}/)
    expect(check({sources: 'Quellen {'})).toThrow(/does not read as such/)
    expect(check({'not a tag!': {sources: 'x'}})).toThrow(/neither a message name nor a BCP 47 language tag/)
    expect(check({sources: 3})).toThrow(/is not text/)
    expect(validateOptions({labels: {sources: 'References', de: {sources: 'Belege'}}}, {where: 'x'})).toEqual({labels: {sources: 'References', de: {sources: 'Belege'}}})
  })

  test('labels reach the deck, the handout and the index', async () => {
    const root = tempProject({
      'decks/en.md': brief('# One\n\nText :cite[a].\n\n::source{#a title="A report" author="Jane Doe"}', 'title: English brief'),
      'decks/de.md': brief('# Eins\n\nText :cite[a].\n\n::source{#a title="Ein Bericht" author="Erika Mustermann"}', 'title: Deutsch\nlang: de'),
      'briefdeck.config.mjs': "export default {labels: {sources: 'References', notes: 'Endnotes', de: {sources: 'Belege', notes: 'Fußnoten', indexTitle: 'Analysen'}}}\n"
    })
    const out = path.join(root, 'out')
    const result = await build({root, out, labels: {sources: 'References', notes: 'Endnotes', de: {sources: 'Belege', notes: 'Fußnoten', indexTitle: 'Analysen'}}})
    expect(result.errors).toBe(0)
    const page = (slug: string, name: string) => fromHtml(fs.readFileSync(path.join(out, slug, name), 'utf8'))
    expect(text(one(page('en', 'handout.html'), '.endnotes h2'))).toBe('Endnotes')
    expect(text(one(page('de', 'handout.html'), '.endnotes h2'))).toBe('Fußnoten')
    expect(fs.readFileSync(path.join(out, 'en', 'deck.md'), 'utf8')).toMatch(/^## References$/m)
    expect(fs.readFileSync(path.join(out, 'de', 'deck.md'), 'utf8')).toMatch(/^## Belege$/m)
    // One German and one English brief: the tie goes to the first language in order, `de`.
    expect(text(one(fromHtml(fs.readFileSync(path.join(out, 'index.html'), 'utf8')), 'h1'))).toBe('Analysen')
  })
})

describe('a language briefdeck does not ship', () => {
  test('builds in English with one warning that says how to add the language', async () => {
    const file = new VFile({path: path.join(tempProject(), 'decks', 'b.md'), value: brief('# Habari\n\nMaandishi :cite[a].\n\n::source{#a title="Ripoti"}', 'title: Kiswahili\nlang: sw')})
    analyze(file, {root: path.dirname(path.dirname(file.path))})
    const warnings = file.messages.filter((message) => message.ruleId === 'unsupported-language')
    expect(warnings).toHaveLength(1)
    expect(warnings[0].fatal).toBe(false)
    expect([warnings[0].line, warnings[0].column]).toEqual([3, 7])
    expect(warnings[0].reason).toMatch(/has no wording in `sw`.*labels: \{'sw': \{…\}\}/)
    const built = await buildBrief(brief('# Habari\n\nMaandishi :cite[a].\n\n::source{#a title="Ripoti"}', 'title: Kiswahili\nlang: sw'))
    expect(text(one(built.handout, '.endnotes h2'))).toBe(en.notes)
  })

  test('wording given in labels for some messages: those are used, and one warning names the rest', () => {
    const root = tempProject()
    const file = new VFile({path: path.join(root, 'decks', 'b.md'), value: brief('# Habari', 'title: Kiswahili\nlang: sw')})
    analyze(file, {root, labels: {sw: {sources: 'Vyanzo', notes: 'Maelezo'}}})
    const warnings = file.messages.filter((message) => message.ruleId === 'missing-translation' || message.ruleId === 'unsupported-language')
    expect(warnings.map((message) => message.ruleId)).toEqual(['missing-translation'])
    expect(warnings[0].reason).toContain(`lacks ${MESSAGE_KEYS.length - 2} messages`)
    expect(warnings[0].reason).toContain('`deckLabel`')
    expect(warnings[0].reason).not.toContain('`sources`')
  })
})

/** What a reader meets of a page: its text, accessible names, the deck runtime's words and the printed page margins. */
function readerText(html: string): string {
  const tree = fromHtml(html)
  const labels = selectAll('script#bd-labels', tree).map((script) => Object.values(JSON.parse(toString(script)) as Record<string, string>).join(' '))
  const margins = [...html.matchAll(/content:\s*([^;]*counter\(pages\)[^;]*);/g)].map((match) => [...match[1].matchAll(/"([^"]*)"/g)].map((piece) => piece[1]).join(' '))
  for (const node of selectAll('script, style', tree)) node.children = []
  const attributes = selectAll('[aria-label], [alt], [title]', tree).map((element: Element) =>
    ['ariaLabel', 'alt', 'title'].map((name) => String(element.properties[name] ?? '')).join(' ')
  )
  return [toString(tree as Root), ...attributes, ...labels, ...margins].join('\n')
}

/** The words of English messages (the literal text between values) that the language words differently. */
function englishWords(lang: string): string[] {
  const translated = read(lang)
  const words = new Set<string>()
  for (const [key, message] of Object.entries(en)) {
    if (translated[key] === message) continue
    for (const literal of shape(message).literals) {
      const piece = literal.replace(/^[\s,.:;()/–-]+|[\s,.:;()/–-]+$/g, '')
      if (/[A-Za-z]{3,}/.test(piece) && !translated[key].includes(piece)) words.add(piece)
    }
  }
  return [...words]
}

describe.each(['de', 'fr', 'ar'])('a brief in %s', (lang) => {
  const outs = {} as Record<HandoutLayout, string>
  const source = fs.readFileSync(path.join(FIXTURES, 'i18n', `${lang}.md`), 'utf8')

  test('builds in every handout layout with no English word briefdeck generated, in deck.html, deck.md, handout.html and index.html', async () => {
    const english = englishWords(lang)
    expect(english.length).toBeGreaterThan(30)
    for (const layout of LAYOUTS) {
      outs[layout] = fs.mkdtempSync(path.join(os.tmpdir(), `briefdeck-i18n-${lang}-${layout}-`))
      const result = await build({root: REPO, paths: [path.join(FIXTURES, 'i18n', `${lang}.md`)], out: outs[layout], handoutLayout: layout})
      expect(result.errors, layout).toBe(0)
      const files = ['deck.html', 'deck.md', 'handout.html'].map((name) => path.join(outs[layout], lang, name))
      files.push(path.join(outs[layout], 'index.html'))
      for (const file of files) {
        const content = fs.readFileSync(file, 'utf8')
        const seen = file.endsWith('.md') ? content : readerText(content)
        const found = english.filter((word) => new RegExp(`(^|[^A-Za-z])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z]|$)`).test(seen))
        expect(found, `${layout}: ${path.relative(outs[layout], file)}`).toEqual([])
      }
    }
    expect(source).toMatch(new RegExp(`^lang: ${lang}$`, 'm'))
  }, 60_000)

  test('its pages carry the language and its direction; its generated words are the catalogue’s', () => {
    const catalogue = read(lang)
    const dir = lang === 'ar' ? 'rtl' : 'ltr'
    const deck = fromHtml(fs.readFileSync(path.join(outs.article, lang, 'deck.html'), 'utf8'))
    const handout = fromHtml(fs.readFileSync(path.join(outs.article, lang, 'handout.html'), 'utf8'))
    const index = fromHtml(fs.readFileSync(path.join(outs.article, 'index.html'), 'utf8'))
    for (const page of [deck, handout, index]) {
      expect(one(page, 'html').properties.lang).toBe(lang)
      expect(one(page, 'html').properties.dir).toBe(dir)
    }
    expect(one(index, 'h1') && text(one(index, 'h1'))).toBe(catalogue.indexTitle)
    expect(text(one(handout, '.endnotes h2'))).toBe(catalogue.notes)
    expect(text(one(handout, '.credits h2'))).toBe(catalogue.imageCredits)
    expect(text(one(deck, '.bd-controls [data-bd="notes"]'))).toBe(catalogue.notesButton)
    // The deck's lists of sources and credits are slides titled in the language.
    expect(all(deck, 'section h2').map((heading) => text(heading))).toContain(catalogue.sources)
    // The date in the byline is Intl's.
    const date = one(handout, '.title-block time')
    expect(text(date)).toBe(localizer(lang).date(String(date.properties.dateTime)))
  })

  test('a source cited twice gets back-links whose accessible name contains what is seen', () => {
    const handout = fromHtml(fs.readFileSync(path.join(outs.article, lang, 'handout.html'), 'utf8'))
    const links = all(handout, '.endnotes a.backlink')
    expect(links.length).toBeGreaterThan(0)
    // What is seen of a link: its text, without what only a screen reader reads.
    const seen = (link: Element) => link.children.filter((child) => child.type === 'text').map((child) => (child as {value: string}).value).join('')
    const lettered = links.filter((link) => /^[a-z]$/.test(seen(link)))
    expect(lettered.length, 'one source is cited twice').toBeGreaterThanOrEqual(2)
    for (const link of links) {
      expect(link.properties.ariaLabel).toBeUndefined()
      const hidden = (child: (typeof link.children)[number]) => child.type === 'element' && child.properties.ariaHidden === 'true'
      const name = link.children.filter((child) => !hidden(child)).map((child) => toString(child as Element)).join('')
      const visible = link.children.filter((child) => !hidden(child) && !(child.type === 'element' && String(child.properties.className).includes('visually-hidden'))).map((child) => toString(child as Element)).join('')
      expect(name).toContain(visible)
    }
    expect(text(lettered[1])).toBe(`↩${localizer(lang).text('backToCitation', {count: 2, letter: 'b'})}`)
  })
})

describe('the documentation', () => {
  test('docs/authoring.md lists every message with its English wording', () => {
    const docs = fs.readFileSync(path.join(REPO, 'docs', 'authoring.md'), 'utf8')
    const table = docs.slice(docs.indexOf('<!-- messages:start'), docs.indexOf('<!-- messages:end'))
    const rows = [...table.matchAll(/^\| `(\w+)` \| (.*) \|$/gm)].map((match) => [match[1], match[2].replace(/\\\|/g, '|')])
    expect(Object.fromEntries(rows)).toEqual(en)
  })
})
