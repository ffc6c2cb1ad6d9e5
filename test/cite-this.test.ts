/**
 * Cite this brief: cite.json, cite.bib and cite.ris read back by citation-js;
 * Highwire tags as Zotero's connector reads them; the index links the files;
 * "Cite as" in the brief's style, as citeproc-js formats the same entry.
 */
import fs from 'node:fs'
import path from 'node:path'
import {plugins} from '@citation-js/core'
import '@citation-js/plugin-bibtex'
import '@citation-js/plugin-ris'
import CSL from 'citeproc'
import {fromHtml} from 'hast-util-from-html'
import {toString} from 'hast-util-to-string'
import {describe, expect, test} from 'vitest'
import {all, brief, REPO, runCli, tempProject, text} from './helpers.js'

const FRONT = `title: Deterrence after October 7
subtitle: Options for the Alliance
author: [Dana Stroul, Jörg Müller]
organization: Atlantic Policy Centre
date: 2024-05-14
version: "2"`

const read = (root: string, name: string) => fs.readFileSync(path.join(root, 'out', 'deterrence', name), 'utf8')

describe('cite this brief', () => {
  test('cite.json, cite.bib and cite.ris hold the brief, and citation-js reads each back to the same entry', async () => {
    const root = tempProject({
      'briefdeck.config.json': JSON.stringify({siteUrl: 'https://example.org/briefs/'}),
      'decks/deterrence.md': brief('Text.', FRONT)
    })
    const {code, stderr} = await runCli(['build'], root)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const fromJson = plugins.input.chain(read(root, 'cite.json'), {target: '@csl/list+object', generateGraph: false}) as Array<Record<string, unknown>>
    const fromBib = plugins.input.chain(read(root, 'cite.bib'), {forceType: '@biblatex/text', target: '@csl/list+object', generateGraph: false}) as Array<Record<string, unknown>>
    const fromRis = plugins.input.chain(read(root, 'cite.ris'), {forceType: '@ris/file', target: '@csl/list+object', generateGraph: false}) as Array<Record<string, unknown>>
    for (const items of [fromJson, fromBib, fromRis]) {
      expect(items).toHaveLength(1)
      const item = items[0] as Record<string, unknown>
      expect(item.type).toBe('report')
      expect(String(item.title)).toBe('Deterrence after October 7: Options for the Alliance')
      expect(item.author).toEqual([
        {given: 'Dana', family: 'Stroul'},
        {given: 'Jörg', family: 'Müller'}
      ])
      expect(item.publisher).toBe('Atlantic Policy Centre')
      expect(item.issued).toEqual({'date-parts': [[2024, 5, 14]]})
      expect(item.URL).toBe('https://example.org/briefs/deterrence/handout.html')
    }
    expect(fromBib[0]?.['citation-key']).toBe('deterrence')
    expect(fromJson[0]?.version).toBe('2')

    // Highwire tags, in the deck and the handout.
    for (const page of ['handout.html', 'deck.html']) {
      const head = fromHtml(read(root, page))
      const tags = all(head, 'meta[name^="citation_"]').map((meta) => [meta.properties.name, meta.properties.content])
      expect(tags).toEqual([
        ['citation_title', 'Deterrence after October 7: Options for the Alliance'],
        ['citation_author', 'Stroul, Dana'],
        ['citation_author', 'Müller, Jörg'],
        ['citation_publication_date', '2024/05/14'],
        ['citation_publisher', 'Atlantic Policy Centre'],
        ['citation_technical_report_institution', 'Atlantic Policy Centre'],
        ['citation_language', 'en'],
        ['citation_public_url', 'https://example.org/briefs/deterrence/handout.html']
      ])
    }
    // The index links the three files.
    const index = fromHtml(fs.readFileSync(path.join(root, 'out', 'index.html'), 'utf8'))
    expect(all(index, 'a.cite-link').map((link) => [link.properties.href, text(link)])).toEqual([
      ['deterrence/cite.json', 'CSL-JSON'],
      ['deterrence/cite.bib', 'BibTeX'],
      ['deterrence/cite.ris', 'RIS']
    ])
  })

  test('"Cite as" is the brief in its own citation style, as citeproc-js formats it', async () => {
    const root = tempProject({'decks/deterrence.md': brief('Text.', `${FRONT}\ncitationStyle: apa`)})
    expect((await runCli(['build'], root)).code).toBe(0)
    const item = JSON.parse(read(root, 'cite.json'))[0]
    const engine = new CSL.Engine(
      {retrieveLocale: (lang: string) => fs.readFileSync(path.join(REPO, 'csl', 'locales', `locales-${lang}.xml`), 'utf8'), retrieveItem: () => item},
      fs.readFileSync(path.join(REPO, 'csl', 'styles', 'apa.csl'), 'utf8'),
      'en-US',
      true
    )
    engine.updateItems([item.id])
    const expected = toString(fromHtml((engine.makeBibliography() as [unknown, string[]])[1][0] as string, {fragment: true})).replace(/\s+/g, ' ').trim()
    expect(expected).toContain('Stroul, D., & Müller, J. (2024)')
    const citeAs = text(all(fromHtml(read(root, 'handout.html')), '.how-to-cite p')[0])
    expect(citeAs).toBe(`Cite as: ${expected}`)
  })
})
