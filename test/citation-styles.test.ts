/**
 * Citation styles against citeproc-js run directly: for every shipped CSL
 * style (and three of them in German), the citations, notes and bibliography
 * that a brief's deck and handout show are the text citeproc-js formats from
 * the same entries, read from the bibliography files by citation-js itself.
 */
import fs from 'node:fs'
import path from 'node:path'
import {plugins} from '@citation-js/core'
import '@citation-js/plugin-bibtex'
import '@citation-js/plugin-ris'
import CSL from 'citeproc'
import {fromHtml} from 'hast-util-from-html'
import {toString} from 'hast-util-to-string'
import type {Element} from 'hast'
import {describe, expect, test} from 'vitest'
import {all, brief, buildBrief, FIXTURES, REPO, slides, tempProject, text} from './helpers.js'

const BIB = path.join(FIXTURES, 'bibliography')
const CSL_DIR = path.join(REPO, 'csl')

/** The entries as citation-js and JSON read them, with no briefdeck code in between. */
function referenceItems(): Map<string, Record<string, unknown>> {
  const config = plugins.config.get('@bibtex') as {parse: Record<string, unknown>}
  config.parse.sentenceCase = 'english'
  const read = (name: string, type: string) => plugins.input.chain(fs.readFileSync(path.join(BIB, name), 'utf8'), {forceType: type, target: '@csl/list+object', generateGraph: false}) as Array<Record<string, unknown>>
  const items = [
    ...(JSON.parse(fs.readFileSync(path.join(BIB, 'zotero.json'), 'utf8')) as Array<Record<string, unknown>>),
    ...read('better-bibtex.bib', '@biblatex/text').map((item) => ({...item, id: item['citation-key']})),
    ...read('library.ris', '@ris/file').map((item, index) => ({...item, id: index === 0 ? 'crs2024' : 'al-rashid-2021-deterrence'})),
    {id: 'local', type: 'webpage', title: 'Sanctions tracker', author: [{literal: 'Atlantic Council'}], issued: {'date-parts': [[2024, 5]]}, URL: 'https://www.atlanticcouncil.org/tracker'}
  ]
  return new Map(items.map((item) => [String(item.id), item]))
}

const CLUSTERS = [
  [{id: 'stroul2024', locator: '4', label: 'page'}],
  [{id: 'kagan2023'}, {id: 'mueller2020', locator: '2', label: 'chapter'}],
  [{id: 'drezner2022'}, {id: 'crs2024'}],
  [{id: 'stroul2024'}],
  [{id: 'isw2024', locator: '3', label: 'section'}],
  [{id: 'local'}]
]

const BODY = `# Slide one

A first claim:cite[stroul2024, p. 4]. A second claim :cite[kagan2023]:cite[mueller2020, chap. 2].

---

# Slide two

A third claim:cite[drezner2022; crs2024]. Again:cite[stroul2024]. An update:cite[isw2024]{loc="sec. 3"}. A tracker:cite[local].

::source{#local title="Sanctions tracker" author="Atlantic Council" date=2024-05 url="https://www.atlanticcouncil.org/tracker" type=webpage}
`

/** What citeproc-js makes of the clusters, citation by citation (processCitationCluster), and the bibliography. */
function reference(styleName: string, locale: string, items: Map<string, Record<string, unknown>>) {
  const xml = fs.readFileSync(path.join(CSL_DIR, 'styles', `${styleName}.csl`), 'utf8')
  const engine = new CSL.Engine(
    {retrieveLocale: (lang: string) => fs.readFileSync(path.join(CSL_DIR, 'locales', `locales-${lang}.xml`), 'utf8'), retrieveItem: (id: string) => items.get(id)},
    xml,
    locale,
    true
  )
  engine.opt.development_extensions.wrap_url_and_doi = true
  const note = /class="note"/.test(xml)
  const citations: string[] = []
  const done: Array<[string, number]> = []
  CLUSTERS.forEach((cluster, index) => {
    const id = `ref-${index}`
    const [, changed] = engine.processCitationCluster({citationID: id, citationItems: cluster, properties: {noteIndex: note ? index + 1 : 0}}, done, []) as [unknown, Array<[number, string, string]>]
    for (const [position, html] of changed) citations[position] = html
    done.push([id, note ? index + 1 : 0])
  })
  const bibliography = (engine.makeBibliography() as [unknown, string[]])[1]
  const plain = (html: string) => toString(fromHtml(html, {fragment: true})).replace(/\s+/g, ' ').trim()
  return {note, citations: citations.map(plain), bibliography: bibliography.map(plain)}
}

function project(): string {
  const root = tempProject()
  fs.mkdirSync(path.join(root, 'decks'), {recursive: true})
  for (const name of fs.readdirSync(BIB)) fs.copyFileSync(path.join(BIB, name), path.join(root, 'decks', name))
  return root
}

const withoutBacklink = (node: Element) => text(node).replace(/\s*↩[^↩]*$/, '')
const SHIPPED = fs.readdirSync(path.join(CSL_DIR, 'styles')).map((name) => name.replace(/\.csl$/, '')).sort()
const CASES: Array<[string, string, string]> = [
  ...SHIPPED.map((name): [string, string, string] => [name, 'en', 'en-US']),
  ['chicago-notes-bibliography', 'de', 'de-DE'],
  ['apa', 'de', 'de-DE'],
  ['ieee', 'de', 'de-DE']
]

describe('shipped citation styles, compared with citeproc-js run directly', () => {
  const items = referenceItems()
  const root = project()

  test('every shipped style is tried', () => {
    expect(SHIPPED).toHaveLength(9)
  })

  test.each(CASES)('%s (lang %s): slides and handout show what citeproc-js formats', async (style, lang, locale) => {
    const expected = reference(style, locale, items)
    // The headings are the brief's language's (messages/<lang>.json).
    const words = JSON.parse(fs.readFileSync(path.join(REPO, 'messages', `${lang}.json`), 'utf8')) as Record<string, string>
    const frontmatter = `title: Styles\nlang: ${lang}\ncitationStyle: ${style}\nbibliography: [zotero.json, better-bibtex.bib, library.ris]`
    const built = await buildBrief(brief(BODY, frontmatter), {root, name: `${style}-${lang}.md`})
    expect(built.file.messages.filter((message) => message.fatal).map(String)).toEqual([])

    const deckMarks = all(built.deck, 'section .citation').map(text)
    const handoutMarks = all(built.handout, 'main .citation').map(text)
    if (expected.note) {
      // The same note numbers on the slides and in the handout; the notes read as citeproc-js wrote them.
      const numbers = CLUSTERS.map((_cluster, index) => String(index + 1))
      expect(deckMarks).toEqual(numbers)
      expect(handoutMarks).toEqual(numbers)
      expect(all(built.handout, 'ol.notes > li').map(withoutBacklink)).toEqual(expected.citations)
      expect(text(all(built.handout, 'section.references h2')[0])).toBe(words.bibliography)
    } else {
      expect(deckMarks).toEqual(expected.citations)
      expect(handoutMarks).toEqual(expected.citations)
      expect(all(built.handout, 'ol.notes')).toHaveLength(0)
    }
    expect(all(built.handout, 'section.references li').map(text)).toEqual(expected.bibliography)
    // The deck's Sources slides list the bibliography, split over slides.
    const sourceSlides = slides(built.deck).filter((slide) => text(all(slide, 'h2')[0]).startsWith(words.sources))
    expect(sourceSlides.length).toBe(Math.ceil(expected.bibliography.length / 6))
    // On a slide the label column (`[1]`) is text before the entry, with a space (the handout lays it out as a column).
    expect(sourceSlides.flatMap((slide) => all(slide, 'li').map(text))).toEqual(expected.bibliography.map((entry) => entry.replace(/^(\[\d+\])/, '$1 ')))
    // Links in the references are live links to the URL or DOI.
    const hrefs = all(built.handout, 'section.references a').map((link) => String(link.properties.href))
    expect(hrefs.length).toBeGreaterThan(0)
    for (const href of hrefs) expect(href).toMatch(/^https:\/\//)
  }, 60_000)
})

describe('prefix, suffix and narrative citations, compared with citeproc-js run directly', () => {
  const items = referenceItems()
  const root = project()
  const body = 'As shown:cite[stroul2024, p. 4]{prefix=see suffix="emphasis added"}. Then :cite[kagan2023]{mode=narrative} argue the point.'

  test.each([['apa'], ['chicago-author-date']])('%s: "see …, emphasis added" and "Kagan and Vaïsse (2023)"', async (style) => {
    const xml = fs.readFileSync(path.join(CSL_DIR, 'styles', `${style}.csl`), 'utf8')
    const engine = new CSL.Engine({retrieveLocale: (lang: string) => fs.readFileSync(path.join(CSL_DIR, 'locales', `locales-${lang}.xml`), 'utf8'), retrieveItem: (id: string) => items.get(id)}, xml, 'en-US', true)
    const plain = (html: string) => toString(fromHtml(html, {fragment: true})).replace(/\s+/g, ' ').trim()
    const first = engine.processCitationCluster({citationID: 'a', citationItems: [{id: 'stroul2024', locator: '4', label: 'page', prefix: 'see ', suffix: ', emphasis added'}], properties: {noteIndex: 0}}, [], [])[1]
    const second = engine.processCitationCluster({citationID: 'b', citationItems: [{id: 'kagan2023', 'suppress-author': true}], properties: {noteIndex: 0}}, [['a', 0]], [])[1]
    const author = engine.previewCitationCluster({citationItems: [{id: 'kagan2023', 'author-only': true}], properties: {noteIndex: 0}}, [], [], 'html')
    const built = await buildBrief(brief(body, `title: Forms\nbibliography: [zotero.json]\ncitationStyle: ${style}`), {root, name: `forms-${style}.md`})
    expect(built.file.messages.map(String)).toEqual([])
    const marks = all(built.handout, 'main span.citation').map(text)
    expect(marks).toEqual([plain(first[0]?.[1] ?? ''), plain(second.at(-1)?.[1] ?? '')])
    expect(text(all(built.handout, 'main span.narrative')[0])).toBe(`${plain(author)} ${marks[1]}`)
    expect(text(all(built.handout, 'main span.narrative')[0])).toMatch(/^Kagan (and|&) Vaïsse \(2023\)$/)
    // The slide says the same.
    expect(all(built.deck, 'section .citation').map(text)).toEqual(marks)
    expect(text(all(built.deck, 'section')[1])).toContain(`Then ${plain(author)} ${marks[1]} argue the point.`)
  })

  test('the house style and a numeric style name the authors before the number', async () => {
    const house = await buildBrief(brief(body, 'title: House\nbibliography: [zotero.json]'), {root, name: 'forms-house.md'})

    expect(all(house.handout, 'main sup.citation').map(text)).toEqual(['see 1, p. 4, emphasis added', '2'])
    expect(text(all(house.handout, 'main span.narrative')[0])).toBe('Kagan and Vaïsse 2')
    const ieee = await buildBrief(brief(body, 'title: IEEE\nbibliography: [zotero.json]\ncitationStyle: ieee'), {root, name: 'forms-ieee.md'})
    expect(text(all(ieee.handout, 'main span.narrative')[0])).toBe('Kagan and Vaïsse [2]')
  })
})
