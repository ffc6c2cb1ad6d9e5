/**
 * Bibliography files: exported files as reference managers write them, read
 * into the one registry with `::source`; every diagnostic in the right file,
 * at the right place; the team library from the config; nocite; the cache.
 */
import fs from 'node:fs'
import path from 'node:path'
import {fromHtml} from 'hast-util-from-html'
import {VFile} from 'vfile'
import {describe, expect, test} from 'vitest'
import {parseBibliography} from '../src/bibliography/parse.js'
import {all, brief, FIXTURES, runCli, tempProject, text} from './helpers.js'

const BIB = path.join(FIXTURES, 'bibliography')

function parseFixture(name: string) {
  const file = new VFile({path: name, value: fs.readFileSync(path.join(BIB, name), 'utf8')})
  file.data.rules = {}
  return {items: parseBibliography(file), file}
}

/** A project with the fixture files in decks/ and the given files. */
function project(files: Record<string, string>): string {
  const root = tempProject(files)
  for (const name of fs.readdirSync(BIB)) fs.copyFileSync(path.join(BIB, name), path.join(root, 'decks', name))
  return root
}

const handout = (root: string, slug: string) => fromHtml(fs.readFileSync(path.join(root, 'out', slug, 'handout.html'), 'utf8'))

describe('reading exported bibliography files', () => {
  test('Better BibTeX: @string macros, protected capitals, LaTeX accents, crossref, urldate, langid', () => {
    const {items, file} = parseFixture('better-bibtex.bib')
    const byId = new Map(items.map((entry) => [entry.item.id, entry]))
    expect([...byId.keys()]).toEqual(['mueller2020', 'handbook2022', 'drezner2022', 'isw2024'])
    const book = byId.get('mueller2020')?.item
    expect(book?.publisher).toBe('Cambridge University Press')
    expect(book?.author).toEqual([{given: 'Jörg', family: 'Müller'}, {given: 'Lars', family: 'Østergaard'}])
    // Sentence case, as CSL expects (a style recases it), with the {protected} words kept as written.
    expect(book?.title).toBe('NATO and the European Union: Partners in crisis')
    const chapter = byId.get('drezner2022')?.item
    expect(chapter?.type).toBe('chapter')
    expect(String(chapter?.['container-title'])).toContain('handbook of sanctions')
    expect(byId.get('isw2024')?.item.accessed).toEqual({'date-parts': [[2024, 5, 3]]})
    expect(byId.get('mueller2020')?.position?.start.line).toBe(4)
    expect(byId.get('isw2024')?.position?.start.line).toBe(30)
    expect(file.messages).toEqual([])
  })

  test('Zotero CSL-JSON, Pandoc CSL-YAML and RIS, each entry with its line', () => {
    const json = parseFixture('zotero.json').items
    expect(json.map((entry) => [entry.item.id, entry.position?.start.line])).toEqual([['stroul2024', 2], ['nato2024', 14], ['kagan2023', 23], ['times2024', 35]])
    const yaml = parseFixture('pandoc.yaml').items
    expect(yaml.map((entry) => [entry.item.id, entry.item.type, entry.position?.start.line])).toEqual([['eu2024', 'legislation', 2], ['hearing2023', 'hearing', 11]])
    // A date written as text is read as one.
    expect(yaml[1]?.item.issued).toEqual({'date-parts': [[2023, 9, 12]]})
    const {items, file} = parseFixture('library.ris')
    expect(items.map((entry) => entry.item.id)).toEqual(['crs2024', 'al-rashid-2021-deterrence'])
    // A record without an ID gets a key, and a warning that says how to choose one, at the record.
    expect(file.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`)).toEqual(['11:1 bibliography-entry-incomplete'])
    expect(file.messages[0]?.reason).toContain('ID  - al-rashid-2021-deterrence')
  })
})

describe('diagnostics point into the right file', () => {
  test('a BibTeX file that does not parse is an error in that file at line:column; other briefs still build', async () => {
    const root = project({
      'decks/broken.bib': '@book{fine,\n  title = {Fine},\n  year = 2020\n}\n\n@book{bad,\n  title = {Missing brace,\n  year = 2020\n}\n',
      'decks/uses-broken.md': brief('A claim:cite[fine].', 'title: Uses broken\nbibliography: broken.bib'),
      'decks/other.md': brief('Fine.', 'title: Other')
    })
    const {code, stderr} = await runCli(['build'], root)
    expect(code).toBe(1)
    expect(stderr).toMatch(/decks\/broken\.bib\n\s*10:1\s+error\s+This BibTeX file could not be read .*bibliography-invalid/)
    expect(stderr).not.toMatch(/\n\s+at /)
    expect(fs.existsSync(path.join(root, 'out/other/handout.html'))).toBe(true)
    expect(fs.existsSync(path.join(root, 'out/uses-broken'))).toBe(false)
  })

  test('CSL-JSON with a syntax error: the line and column of the mistake', async () => {
    const root = project({
      'decks/refs.json': '[\n  {"id": "a", "type": "book", "title": "A"},\n  {"id": "b" "type": "book"}\n]\n',
      'decks/brief.md': brief('A claim:cite[a].', 'title: JSON\nbibliography: refs.json')
    })
    const {code, stderr} = await runCli(['check'], root)
    expect(code).toBe(1)
    expect(stderr).toMatch(/decks\/refs\.json\n\s*3:14\s+error\s+This CSL-JSON file could not be read/)
  })

  test('missing, outside the project, duplicate keys, unknown keys, styles and locators', async () => {
    fs.mkdirSync(path.join(path.dirname(tempProject()), 'outside'), {recursive: true})
    const root = project({
      'decks/dupe.json': JSON.stringify([{id: 'kagan2023', type: 'book', title: 'Again', issued: {'date-parts': [[2020]]}}, {id: 'untitled', type: 'book'}], null, 2),
      'decks/brief.md': `---
title: Problems
bibliography: [zotero.json, dupe.json, missing.bib, ../../outside/x.bib]
citationStyle: chicgo-author-date
---

A claim:cite[kagn2023]. Another:cite[times2024, slide 4].

::source{#nato2024 title="Defined twice"}
`
    })
    const {code, stderr} = await runCli(['check'], root)
    expect(code).toBe(1)
    const brief = stderr.slice(stderr.indexOf('decks/brief.md'))
    expect(brief).toMatch(/3:40-3:51\s+error\s+The bibliography `missing.bib` does not exist .*bibliography-missing/)
    expect(brief).toMatch(/3:53-3:72\s+error\s+The bibliography `..\/..\/outside\/x.bib` is outside the project.*bibliography-outside-project/)
    expect(brief).toMatch(/4:16-4:34\s+error\s+Unknown citation style `chicgo-author-date`. Did you mean `chicago-author-date`\?/)
    expect(brief).toMatch(/7:8-7:23\s+error\s+Citation of unknown source `kagn2023`. Did you mean `kagan2023`\?.*unknown-source/)
    expect(brief).toMatch(/9:10-9:19\s+error\s+Duplicate source key `#nato2024`: it is already defined in `decks\/zotero.json` at line 14/)
    // The duplicate in the second file is reported there, naming the first; an entry with no title, likewise.
    const dupe = stderr.slice(stderr.indexOf('decks/dupe.json'))
    expect(dupe).toMatch(/2:3-\d+:\d+\s+error\s+Duplicate source key `kagan2023`: it is already defined in `decks\/zotero.json` at line 23/)
    expect(dupe).toMatch(/\d+:3-\d+:\d+\s+warning\s+Entry `untitled` has no title/)
  })

  test('an unknown locator label, a language with no CSL locale and an invalid .csl file', async () => {
    const root = project({
      'decks/house.csl': '<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><info><title>Broken</title></info></style>\n',
      'decks/locator.md': brief('A claim:cite[times2024, slide 4].', 'title: Locator\nlang: tlh\nbibliography: zotero.json\ncitationStyle: apa'),
      'decks/invalid.md': brief('A claim:cite[times2024].', 'title: Invalid\nbibliography: zotero.json\ncitationStyle: house.csl')
    })
    const {stderr} = await runCli(['check'], root)
    const locator = stderr.slice(stderr.indexOf('decks/locator.md'))
    expect(locator).toMatch(/\s+warning\s+The locator `slide 4` has no label CSL knows.*unknown-locator/)
    expect(locator).toMatch(/\s+warning\s+No citation locale for `lang: tlh`.*missing-locale/)
    const invalid = stderr.slice(stderr.indexOf('decks/invalid.md'))
    expect(invalid).toMatch(/4:16-4:25\s+error\s+The citation style `decks\/house.csl` cannot be used: its <style> element has no class="in-text" or class="note".*invalid-csl/)
  })
})

describe('libraries, nocite and the house style', () => {
  test('the config names a team library; the house style numbers its cited entries and lists only those', async () => {
    const root = project({
      'briefdeck.config.json': JSON.stringify({bibliography: ['decks/zotero.json', 'decks/better-bibtex.bib']}),
      'decks/brief.md': brief('A claim:cite[stroul2024, p. 4]:cite[mueller2020]. Again:cite[stroul2024].')
    })
    const {code, stderr} = await runCli(['build'], root)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const page = handout(root, 'brief')
    // Adjacent citations read as one, with a separator: never "1, p. 42".
    expect(all(page, 'main sup.citation').map(text)).toEqual(['1, p. 4; 2', '1'])
    // The house style's endnotes, with dates as the entries give them (a month, a year); uncited entries are not listed.
    expect(all(page, 'ol.notes > li').map((item) => text(item).replace(/\s*↩.*$/, ''))).toEqual([
      'Dana Stroul, “Iran\'s Axis of Resistance after October 7”, The Washington Institute for Near East Policy, March 2024. Accessed May 2, 2024. https://www.washingtoninstitute.org/policy-analysis/example',
      'Jörg Müller and Lars Østergaard, “NATO and the European Union: Partners in crisis”, Cambridge University Press, 2020.'
    ])
  })

  test('nocite lists entries that are not cited: some, or all with "*"', async () => {
    const root = project({
      'decks/some.md': brief('A claim:cite[stroul2024].', 'title: Some\nbibliography: zotero.json\ncitationStyle: apa\nnocite: [nato2024]'),
      'decks/every.md': brief('A claim:cite[stroul2024].', 'title: Every\nbibliography: zotero.json\ncitationStyle: apa\nnocite: "*"')
    })
    expect((await runCli(['build'], root)).code).toBe(0)
    expect(all(handout(root, 'some'), 'section.references li').map(text).map((entry) => entry.slice(0, 12))).toEqual(['North Atlant', 'Stroul, D. ('])
    expect(all(handout(root, 'every'), 'section.references li')).toHaveLength(4)
  })

  test('a changed bibliography file rebuilds the briefs that use it; an unchanged one is reused', async () => {
    const root = project({'decks/brief.md': brief('A claim:cite[stroul2024].', 'title: Cache\nbibliography: zotero.json\ncitationStyle: apa')})
    expect((await runCli(['build'], root)).code).toBe(0)
    expect((await runCli(['build'], root)).stdout + (await runCli(['build'], root)).stderr).toMatch(/1 unchanged/)
    const json = path.join(root, 'decks/zotero.json')
    fs.writeFileSync(json, fs.readFileSync(json, 'utf8').replace("Iran's Axis of Resistance", 'The Axis Revisited'))
    const rebuilt = await runCli(['build'], root)
    expect(rebuilt.stdout + rebuilt.stderr).not.toMatch(/unchanged/)
    expect(text(all(handout(root, 'brief'), 'section.references li')[0])).toContain('The Axis Revisited')
  })
})

describe('odd and hostile entries', () => {
  test('numbers, a name as text and odd dates (as hand-written CSL-YAML has them) format instead of failing; a date that cannot be read is left out', async () => {
    const root = project({
      'decks/odd.yaml': 'references:\n- id: vol\n  type: article-journal\n  title: Numbers as numbers\n  author: Smith\n  container-title: Survival\n  volume: 3\n  issue: 2\n  page: 45\n  issued: {date-parts: "2020"}\n- id: weird\n  type: book\n  title: {nested: object}\n  author: [null, {family: 5, given: Ann}]\n  issued: 2019\n',
      'decks/chicago.md': brief('A claim:cite[vol, p. 4]. Another:cite[weird].', 'title: Odd\nbibliography: odd.yaml\ncitationStyle: chicago-notes-bibliography'),
      'decks/apa.md': brief('A claim:cite[vol, p. 4]. Another:cite[weird].', 'title: Odd\nbibliography: odd.yaml\ncitationStyle: apa')
    })
    const {code, stderr} = await runCli(['build'], root)
    expect(stderr).not.toMatch(/internal-error|This is a bug/)
    expect(code).toBe(0)
    expect(text(all(handout(root, 'chicago'), 'ol.notes li')[0])).toMatch(/^Smith, “Numbers as Numbers,” Survival 3, no\. 2 \(n\.d\.\): 4/)
    expect(text(all(handout(root, 'apa'), 'span.citation')[1])).toBe('(5, 2019)')
  })

  test('quotes in a URL or DOI never leave the link: no attribute is added, in the handout or through the remark plugin', async () => {
    const hostile = '10.1/" onmouseover="alert(document.domain)" x="'
    const root = project({
      'decks/evil.json': JSON.stringify([{id: 'evil', type: 'report', title: 'Evil', issued: {'date-parts': [[2020]]}, DOI: hostile, URL: 'https://example.org/a"onclick="alert(1)'}]),
      'decks/brief.md': brief('A claim:cite[evil].', 'title: Evil\nbibliography: evil.json\ncitationStyle: chicago-notes-bibliography')
    })
    expect((await runCli(['build'], root)).code).toBe(0)
    const page = fs.readFileSync(path.join(root, 'out/brief/handout.html'), 'utf8')
    // Percent-encoded inside the address, never an attribute of its own.
    expect(page).not.toMatch(/\sonmouseover=|\sonclick=/)
    for (const link of all(fromHtml(page), 'a')) expect(Object.keys(link.properties).filter((name) => name.startsWith('on'))).toEqual([])
    const {unified} = await import('unified')
    const {default: remarkParse} = await import('remark-parse')
    const {default: remarkRehype} = await import('remark-rehype')
    const {default: rehypeStringify} = await import('rehype-stringify')
    const {default: remarkBriefdeck} = await import('../src/remark/index.js')
    const file = new VFile({path: path.join(root, 'decks/brief.md'), cwd: root, value: fs.readFileSync(path.join(root, 'decks/brief.md'), 'utf8')})
    const html = String(await unified().use(remarkParse).use(remarkBriefdeck, {root}).use(remarkRehype).use(rehypeStringify).process(file))
    const tree = fromHtml(html, {fragment: true})
    const links = all(tree, 'a[href^="https://"]')
    expect(links.length).toBeGreaterThan(0)
    for (const link of links) expect(Object.keys(link.properties).sort()).toEqual(['href'])
    expect(html).not.toMatch(/\sonmouseover=|\sonclick=/)
  })

  test('a line break in the title cannot add a tag to cite.ris or a field to cite.bib', async () => {
    const root = tempProject({'decks/brief.md': brief('Text.', 'title: "X\\nUR  - javascript:alert(2)\\nTY  - X"')})
    expect((await runCli(['build'], root)).code).toBe(0)
    const ris = fs.readFileSync(path.join(root, 'out/brief/cite.ris'), 'utf8')
    expect(ris.match(/^TY {2}- /gm)).toHaveLength(1)
    expect(ris).not.toMatch(/^UR {2}- javascript/m)
    expect(fs.readFileSync(path.join(root, 'out/brief/cite.bib'), 'utf8')).not.toMatch(/\n\s*UR {2}-/)
  })

  test('a note style numbers the handout’s citations first: a citation in speaker notes never makes the handout’s first note short', async () => {
    const root = project({
      'decks/brief.md': brief(':::notes\nSay:cite[stroul2024].\n:::\n\nA claim:cite[stroul2024, p. 4]. Again:cite[stroul2024].', 'title: Notes first\nbibliography: zotero.json\ncitationStyle: chicago-notes-bibliography')
    })
    expect((await runCli(['build'], root)).code).toBe(0)
    const notes = all(handout(root, 'brief'), 'ol.notes > li')
    expect(notes.map((item) => String(item.properties.value))).toEqual(['1', '2'])
    expect(text(notes[0])).toMatch(/^Dana Stroul, Iran’s Axis of Resistance after October 7/)
  })

  test('the remark plugin reports problems in bibliography files among the page’s messages, naming the file', async () => {
    const root = project({'decks/dupe.json': JSON.stringify([{id: 'stroul2024', type: 'book', title: 'Again', issued: {'date-parts': [[2020]]}}])})
    const {unified} = await import('unified')
    const {default: remarkParse} = await import('remark-parse')
    const {default: remarkBriefdeck} = await import('../src/remark/index.js')
    const file = new VFile({path: path.join(root, 'decks/page.md'), cwd: root, value: brief('A claim:cite[stroul2024].', 'title: Page\nbibliography: [zotero.json, dupe.json]')})
    const processor = unified().use(remarkParse).use(remarkBriefdeck, {root})
    await processor.run(processor.parse(file), file)
    expect(file.messages.map((message) => [message.file, message.line, message.ruleId])).toEqual([['decks/dupe.json', 1, 'duplicate-key']])
  })
})
