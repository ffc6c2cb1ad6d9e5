/**
 * Sort keys' macros built once (src/bibliography/sort-macro-cache.ts): for
 * every shipped style, an engine built with them sorts, cites and lists the
 * same entries exactly as an engine citeproc-js builds on its own, with far
 * fewer tokens for the Chicago styles; and citeproc is left as it was.
 */
import fs from 'node:fs'
import path from 'node:path'
import {plugins} from '@citation-js/core'
import '@citation-js/plugin-bibtex'
import CSL from 'citeproc'
import {describe, expect, test} from 'vitest'
import {withSortMacroCache} from '../src/bibliography/sort-macro-cache.js'
import {FIXTURES, REPO} from './helpers.js'

const CSL_DIR = path.join(REPO, 'csl')
const STYLES = fs.readdirSync(path.join(CSL_DIR, 'styles')).filter((name) => name.endsWith('.csl'))

type Item = Record<string, unknown> & {id: string}
const person = (family: string, given: string) => ({family, given})

/** Entries that sort on different grounds: authors, editors, bodies, titles alone, years, dates within a year. */
function items(): Item[] {
  const bib = fs.readFileSync(path.join(FIXTURES, 'bibliography', 'better-bibtex.bib'), 'utf8')
  const fromBib = (plugins.input.chain(bib, {forceType: '@biblatex/text', target: '@csl/list+object', generateGraph: false}) as Item[]).map((item) => ({...item, id: String(item['citation-key'])}))
  const zotero = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'bibliography', 'zotero.json'), 'utf8')) as Item[]
  const made: Item[] = [
    {id: 'a1', type: 'book', title: 'The Old Order', author: [person('Adler', 'Ruth')], issued: {'date-parts': [[2019]]}, publisher: 'Polity'},
    {id: 'a2', type: 'book', title: 'An Older Order', author: [person('Adler', 'Ruth')], issued: {'date-parts': [[2019]]}, publisher: 'Polity'},
    {id: 'a3', type: 'article-journal', title: 'Orders, again', author: [person('Adler', 'Ruth'), person('Brandt', 'Jonas')], issued: {'date-parts': [[2017, 3, 2]]}, 'container-title': 'Survival', volume: '59', page: '7-30'},
    {id: 'e1', type: 'book', title: 'Collected Essays on Sanctions', editor: [person('Zhou', 'Min'), person('Okafor', 'Chidi')], issued: {'date-parts': [[2021]]}, publisher: 'Routledge'},
    {id: 'b1', type: 'report', title: 'Energy Security Review', author: [{literal: 'International Energy Agency'}], issued: {'date-parts': [[2023, 11]]}, publisher: 'IEA'},
    {id: 't1', type: 'article-newspaper', title: 'The quiet war over gas', 'container-title': 'Financial Times', issued: {'date-parts': [[2024, 2, 14]]}},
    {id: 't2', type: 'webpage', title: 'A tracker of tankers', URL: 'https://example.org/tankers', issued: {'date-parts': [[2024, 2, 1]]}},
    {id: 'u1', type: 'chapter', title: 'Deterrence by denial', author: [person('van der Berg', 'Pieter')], editor: [person('Zhou', 'Min')], 'container-title': 'Collected Essays on Sanctions', issued: {'date-parts': [[2021]]}, page: '45-67'},
    {id: 'n1', type: 'book', title: 'Undated Thoughts', author: [person('Adler', 'Ruth')]}
  ]
  return [...zotero, ...fromBib, ...made]
}

interface Engine {
  updateItems(ids: string[]): void
  makeBibliography(): [unknown, string[]] | false
  processCitationCluster(citation: unknown, pre: unknown[], post: unknown[]): [unknown, Array<[number, string, string]>]
  bibliography_sort: {tokens: unknown[]}
  citation_sort: {tokens: unknown[]}
}

function engine(style: string, locale: string, list: Item[], cached: boolean): Engine {
  const byId = new Map(list.map((item) => [item.id, item]))
  const xml = fs.readFileSync(path.join(CSL_DIR, 'styles', style), 'utf8')
  const sys = {retrieveLocale: (lang: string) => fs.readFileSync(path.join(CSL_DIR, 'locales', `locales-${lang}.xml`), 'utf8'), retrieveItem: (id: string) => byId.get(id)}
  const make = () => new CSL.Engine(sys, xml, locale, true) as unknown as Engine
  return cached ? withSortMacroCache(CSL, make) : make()
}

/** What a reader sees from an engine: the bibliography in its order, and citations of several entries each, sorted. */
function observed(built: Engine, list: Item[]) {
  const ids = list.map((item) => item.id)
  built.updateItems(ids)
  const bibliography = built.makeBibliography()
  const clusters = [ids.slice(0, 6), ids.slice(6, 12), ids.slice(12), [...ids].reverse()]
  const citations = clusters.map((cluster, index) => {
    const [, changed] = built.processCitationCluster({citationID: `c${index}`, citationItems: cluster.map((id) => ({id})), properties: {noteIndex: index + 1}}, [], [])
    return changed.map(([, html]) => html)
  })
  return {bibliography: bibliography ? bibliography[1] : [], citations}
}

describe.each(STYLES)('%s', (style) => {
  test.each(['en-US', 'de-DE'])('in %s: the same bibliography and citations as citeproc-js builds them', (locale) => {
    const list = items()
    const reference = observed(engine(style, locale, list, false), list)
    const ours = observed(engine(style, locale, list, true), list)
    expect(ours.bibliography.length).toBeGreaterThan(0)
    expect(ours).toEqual(reference)
  })
})

/** A house style (a `.csl` file of the team's) with `sort` and the macros it calls. */
function houseStyle(macros: string, sort: string, layout: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" default-locale="en-US">
  <info><title>House</title><id>house</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  ${macros}
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><sort>${sort}</sort><layout>${layout}</layout></bibliography>
</style>`
}

/** The sort keys, the bibliography and the language the engine is left in, from citeproc's own engine and from ours. */
function bothWays(style: string, list: Item[]) {
  const byId = new Map(list.map((item) => [item.id, item]))
  const sys = {retrieveLocale: (lang: string) => fs.readFileSync(path.join(CSL_DIR, 'locales', `locales-${lang}.xml`), 'utf8'), retrieveItem: (id: string) => byId.get(id)}
  return [false, true].map((cached) => {
    const make = () => new CSL.Engine(sys, style, 'en-US', true) as unknown as Engine & {registry: {registry: Record<string, {sortkeys: string[]}>}; opt: {lang: string}}
    const built = cached ? withSortMacroCache(CSL, make) : make()
    built.updateItems(list.map((item) => item.id))
    const bibliography = built.makeBibliography()
    return {keys: list.map((item) => built.registry.registry[item.id].sortkeys), bibliography: bibliography ? bibliography[1] : [], lang: built.opt.lang}
  })
}

describe('a macro that builds differently inside a substitute is built again there, as citeproc does', () => {
  test('a language test (`if locale`) in a macro used in a substitute and on its own', () => {
    const style = houseStyle(
      `<macro name="edition"><choose><if locale="de"><text variable="title"/></if></choose><text term="edition"/></macro>
       <macro name="creator"><names variable="author"><name/><substitute><text macro="edition"/></substitute></names></macro>`,
      '<key macro="creator"/><key macro="edition"/>',
      '<names variable="editor"><name/><label prefix=" (" suffix=")"/></names><text term="edition" prefix=" "/>'
    )
    const list: Item[] = [
      {id: 'de', type: 'book', title: 'Buch', language: 'de', author: [person('Adler', 'Ruth')], editor: [person('Ebert', 'Felix')]},
      {id: 'en', type: 'book', title: 'Book', language: 'en', editor: [person('Brandt', 'Jonas')]}
    ]
    const [reference, ours] = bothWays(style, list)
    expect(reference.bibliography.length).toBe(2)
    expect(ours).toEqual(reference)
  })

  test('a name-part in a macro that a substitute calls, which citeproc passes on to the names around it', () => {
    const style = houseStyle(
      `<macro name="editors"><names variable="editor"><name><name-part name="family" text-case="uppercase"/></name></names></macro>
       <macro name="creator"><names variable="author"><name/><substitute><text macro="editors"/></substitute></names></macro>`,
      '<key macro="editors"/><key macro="creator"/>',
      '<text macro="creator"/>'
    )
    const list: Item[] = [
      {id: 'z', type: 'book', title: 'One', author: [person('Zed', 'Anna')], editor: [person('Ebert', 'Felix')]},
      {id: 'b', type: 'book', title: 'Two', editor: [person('Adler', 'Ruth')]}
    ]
    const [reference, ours] = bothWays(style, list)
    expect(reference.keys.flat().join(' ')).toContain('ZED')
    expect(ours).toEqual(reference)
  })
})

test('a Chicago style sorts with a tenth of the tokens or fewer', () => {
  const list = items()
  const style = 'chicago-shortened-notes-bibliography.csl'
  const plain = engine(style, 'en-US', list, false)
  const cached = engine(style, 'en-US', list, true)
  expect(plain.bibliography_sort.tokens.length).toBeGreaterThan(10_000)
  expect(cached.bibliography_sort.tokens.length * 10).toBeLessThan(plain.bibliography_sort.tokens.length)
})

test('citeproc is left as it was after the build, and after a build that fails', () => {
  const csl = CSL as unknown as Record<string, unknown>
  const before = ['expandMacro', 'getMacroTarget', 'configureMacro'].map((name) => csl[name])
  expect(withSortMacroCache(CSL, () => 42)).toBe(42)
  expect(() =>
    withSortMacroCache(CSL, () => {
      throw new Error('not a style')
    })
  ).toThrow('not a style')
  expect(['expandMacro', 'getMacroTarget', 'configureMacro'].map((name) => csl[name])).toEqual(before)
})
