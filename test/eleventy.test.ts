/**
 * The Eleventy plugin, in a real Eleventy build of examples/eleventy-site.
 */
import {execFile} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {promisify} from 'node:util'
import {fromHtml} from 'hast-util-from-html'
import {afterAll, describe, expect, test} from 'vitest'
import briefdeckEleventy, {type EleventyConfig} from '../src/eleventy/index.js'
import {all, fakeEleventyConfig, FIXTURES, one, REPO, slides, text} from './helpers.js'
import {teamOnlyTexts} from './leaks.js'

const run = promisify(execFile)
const ELEVENTY = path.join(REPO, 'node_modules', '@11ty', 'eleventy', 'cmd.cjs')
const EXAMPLE = path.join(REPO, 'examples', 'eleventy-site')
// Inside the repository, so that the example's `import 'briefdeck/eleventy'` resolves to this package.
const WORK = path.join(REPO, '.tmp')
const made: string[] = []

function copyExample(): string {
  fs.mkdirSync(WORK, {recursive: true})
  const dir = fs.mkdtempSync(path.join(WORK, 'eleventy-'))
  made.push(dir)
  fs.cpSync(EXAMPLE, dir, {recursive: true, filter: (source) => !source.includes('_site')})
  return dir
}

async function eleventy(cwd: string) {
  return run(process.execPath, [ELEVENTY, '--output=_site', '--quiet'], {cwd}).then(
    ({stdout, stderr}) => ({code: 0, stdout, stderr}),
    (error: {code: number; stdout: string; stderr: string}) => ({code: error.code, stdout: error.stdout, stderr: error.stderr})
  )
}

afterAll(() => {
  for (const dir of made) fs.rmSync(dir, {recursive: true, force: true})
})

describe('Eleventy plugin', () => {
  test('profile: public leaves speaker notes, internal blocks and drafts out of the pages; pdf is refused with what to use instead', async () => {
    const collections: Record<string, () => Promise<unknown>> = {}
    const data: Record<string, () => Promise<unknown>> = {}
    const config = {...fakeEleventyConfig(collections), addGlobalData: (name: string, value: () => Promise<unknown>) => void (data[name] = value)}
    const source = path.join(FIXTURES, 'profile', 'decks')
    briefdeckEleventy(config as EleventyConfig, {root: REPO, paths: [source], profile: 'public', ignoreEmbargo: true})
    const briefs = (await collections.briefs()) as Array<{slug: string}>
    expect(briefs.map((brief) => brief.slug).sort()).toEqual(['embargoed', 'full', 'released'])
    const pages = (await data.briefdeckPages_briefs()) as Array<{url: string; html: string}>
    expect(pages.map((page) => page.url)).toContain('/briefs/full/handout.html')
    const secrets = fs.readdirSync(source).filter((name) => name.endsWith('.md')).flatMap((name) => teamOnlyTexts(fs.readFileSync(path.join(source, name), 'utf8')))
    expect(secrets.length).toBeGreaterThan(3)
    for (const page of pages) for (const secret of secrets) expect(page.html, page.url).not.toContain(secret.slice(0, 40))
    expect(() => briefdeckEleventy(fakeEleventyConfig(), {root: REPO, pdf: true})).toThrow(
      'briefdeck (Eleventy plugin options): `pdf` is not for the Eleventy plugin, which writes pages only: build the PDFs with `briefdeck build --pdf`'
    )
  })

  test('a real Eleventy build lists the briefs and writes their deck and handout pages', async () => {
    const dir = copyExample()
    const {code, stderr} = await eleventy(dir)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const site = path.join(dir, '_site')
    const home = fromHtml(fs.readFileSync(path.join(site, 'index.html'), 'utf8'))
    const item = one(home, 'li.brief')
    expect(text(one(item, 'h2'))).toBe('Keeping the Lights On')
    expect(text(one(item, '.subtitle'))).toBe('Three steps to a grid that survives the next storm')
    expect(one(item, 'a.deck-link').properties.href).toBe('/briefs/grid-resilience/deck.html')
    expect(one(item, 'a.handout-link').properties.href).toBe('/briefs/grid-resilience/handout.html')

    const deck = fromHtml(fs.readFileSync(path.join(site, 'briefs/grid-resilience/deck.html'), 'utf8'))
    expect(slides(deck).length).toBe(5)
    expect(all(deck, 'figure.quote')).toHaveLength(1)
    const handout = fromHtml(fs.readFileSync(path.join(site, 'briefs/grid-resilience/handout.html'), 'utf8'))
    expect(text(one(handout, 'section.endnotes li'))).toContain('“Grid Resilience Report”, Example Department of Energy, November 2, 2024.')
    expect(text(one(handout, 'sup.citation'))).toBe('1, p. 12')
    // The pages' fonts, with their licences, where the pages load them from (../fonts/).
    expect(fs.existsSync(path.join(site, 'briefs/fonts/source-serif-4-latin-400-normal.woff2'))).toBe(true)
    expect(fs.existsSync(path.join(site, 'briefs/fonts/source-serif-4-OFL.txt'))).toBe(true)
    expect(fs.readFileSync(path.join(site, 'briefs/grid-resilience/handout.html'), 'utf8')).toContain("url('../fonts/source-serif-4-latin-400-normal.woff2')")
    // The brief's image is passed through next to the pages that use it.
    expect(fs.readFileSync(path.join(site, 'briefs/grid-resilience/assets/decks/images/grid.svg'), 'utf8')).toContain('<svg')
    // The brief itself is not also rendered as an ordinary Markdown page.
    expect(fs.existsSync(path.join(site, 'decks'))).toBe(false)
  })

  test('a bad brief fails the Eleventy build with file:line:column diagnostics', async () => {
    const dir = copyExample()
    const brief = path.join(dir, 'decks', 'grid-resilience.md')
    fs.writeFileSync(brief, fs.readFileSync(brief, 'utf8').replace(':cite[doe-2024]\n', ':cite[doe-2042]\n'))
    const {code, stdout, stderr} = await eleventy(dir)
    expect(code).not.toBe(0)
    const output = stdout + stderr
    expect(output).toMatch(/1 brief has errors; fix them and build again/)
    expect(output).toMatch(/decks\/grid-resilience\.md/)
    expect(output).not.toMatch(/stack trace|\n.*\s+at .*\.js:\d+/)
    expect(output).toMatch(/17:39-17:54\s+error\s+Citation of unknown source `doe-2042`\. Did you mean `doe-2024`\?/)
  })

  test('citation styles and bibliography files work as on the command line, errors pointing into the bibliography file', async () => {
    const dir = copyExample()
    const brief = path.join(dir, 'decks', 'grid-resilience.md')
    const source = fs.readFileSync(brief, 'utf8')
    fs.writeFileSync(brief, source.replace(/^title: /m, 'citationStyle: ieee\nbibliography: refs.json\ntitle: '))
    fs.writeFileSync(path.join(dir, 'decks', 'refs.json'), '[]\n')
    const {code, stderr} = await eleventy(dir)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const handout = fromHtml(fs.readFileSync(path.join(dir, '_site/briefs/grid-resilience/handout.html'), 'utf8'))
    expect(text(all(handout, 'span.citation')[0])).toBe('[1, p. 12]')
    expect(text(one(handout, 'section.references li'))).toMatch(/^\[1\]“Grid Resilience Report,” Example Department of Energy/)
    fs.writeFileSync(path.join(dir, 'decks', 'refs.json'), '[\n  {"id": "x",, "type": "book"}\n]\n')
    const failed = await eleventy(dir)
    expect(failed.code).not.toBe(0)
    expect(failed.stdout + failed.stderr).toMatch(/decks\/refs\.json\n(\[11ty\] )?2:14\s+error\s+This CSL-JSON file could not be read/)
  })

  test('never mutates its options, and says how to fix a bad one', () => {
    const calls: string[] = []
    const config: EleventyConfig = {
      addTemplate: (name) => calls.push(`template ${name}`),
      addCollection: (name) => calls.push(`collection ${name}`),
      addGlobalData: (name) => calls.push(`data ${name}`),
      addWatchTarget: (target) => calls.push(`watch ${path.relative(REPO, target)}`),
      addTemplateFormats: (formats) => calls.push(`formats ${formats}`),
      ignores: {add: (pattern) => calls.push(`ignore ${pattern}`)},
      on: (event) => calls.push(`on ${event}`),
      versionCheck: (range) => calls.push(`version ${range}`)
    }
    const options = Object.freeze({paths: Object.freeze(['decks']), root: REPO, rules: Object.freeze({'unused-source': 'off'})})
    briefdeckEleventy(config, options as never)
    expect(options).toEqual({paths: ['decks'], root: REPO, rules: {'unused-source': 'off'}})
    expect(calls).toContain('collection briefs')
    expect(calls).toContain('ignore decks/**')
    // The CLI's output folder (its deck.md and deck.html) is not taken for templates either.
    expect(calls).toContain('ignore out/**')
    // The same options, checked the same way, as the config file's.
    expect(() => briefdeckEleventy(config, {path: ['decks']} as never)).toThrow(
      'briefdeck (Eleventy plugin options): unknown setting `path`. Did you mean `paths`? Valid settings: paths, out, root, theme, themes, templates, handoutLayout, paper, strict, allowStyles, rules, timeout, bibliography, siteUrl, citationStyle, labels, profile, pdf, ignoreEmbargo, prefix, collection'
    )
    expect(() => briefdeckEleventy(config, {rules: {'unused-sorce': 'off'}} as never)).toThrow('`unused-sorce` is not a rule. Did you mean `unused-source`?')
    expect(() => briefdeckEleventy(config, {paper: 'a3'} as never)).toThrow('`paper` must be one of a4, letter')
  })

  test('checks the Eleventy version with versionCheck, and says which it needs', async () => {
    // Eleventy's own range check (the one its versionCheck runs) is the reference.
    const {default: Compatibility} = (await import(path.join(REPO, 'node_modules/@11ty/eleventy/src/Util/Compatibility.js'))) as {
      default: {satisfies(version: string, range: string): boolean}
    }
    const installed = (JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules/@11ty/eleventy/package.json'), 'utf8')) as {version: string}).version
    const ranges: string[] = []
    briefdeckEleventy({...fakeEleventyConfig(), versionCheck: (range) => void ranges.push(range)}, {root: REPO})
    expect(ranges).toHaveLength(1)
    expect(Compatibility.satisfies(installed, ranges[0]!)).toBe(true)
    expect(Compatibility.satisfies('3.0.0', ranges[0]!)).toBe(true)
    expect(Compatibility.satisfies('2.0.1', ranges[0]!)).toBe(false)
    expect(Compatibility.satisfies('1.0.2', ranges[0]!)).toBe(false)
    // An Eleventy that refuses: its message reaches the user unchanged.
    const refusing = {...fakeEleventyConfig(), versionCheck: () => {
      throw new Error("We found Eleventy version '2.0.1' which does not meet the required version range: '>=3.0'.")
    }}
    expect(() => briefdeckEleventy(refusing, {root: REPO})).toThrow("does not meet the required version range: '>=3.0'")
    // An Eleventy before 3 whose versionCheck somehow let it through still has no addTemplate: our own message.
    const {addTemplate: _gone, ...old} = fakeEleventyConfig()
    expect(() => briefdeckEleventy(old as EleventyConfig, {root: REPO})).toThrow(
      'briefdeck/eleventy needs Eleventy >=3.0, whose configuration API has addTemplate; this one does not: npm install --save-dev @11ty/eleventy@3'
    )
  })
})
