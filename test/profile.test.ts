/**
 * Profiles: `internal` (the team's outputs, speaker notes and internal blocks
 * kept, the latter marked) and `public` (neither, drafts skipped, embargoes
 * held). The leak test builds every brief in the repository in the public
 * profile and looks for the text of every notes and internal block in every
 * file it wrote.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fromHtml} from 'hast-util-from-html'
import rehypeStringify from 'rehype-stringify'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {build, type BuildResult} from '../src/pipeline/build.js'
import remarkBriefdeck from '../src/remark/index.js'
import {all, FIXTURES, REPO, runBin, text} from './helpers.js'
import {leaks, readableTexts, repositoryBriefs, teamOnlyTexts} from './leaks.js'

const PROFILE = path.join(FIXTURES, 'profile', 'decks')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-profile-'))
afterAll(() => fs.rmSync(tmp, {recursive: true, force: true}))

const read = (file: string) => fs.readFileSync(file, 'utf8')
const page = (out: string, slug: string, name: string) => fromHtml(read(path.join(out, slug, name)))

describe('every repository brief, built in the public profile', () => {
  const briefs = repositoryBriefs(REPO)
  const secrets = briefs.flatMap((file) => teamOnlyTexts(read(file)))
  const outs = {public: path.join(tmp, 'public'), internal: path.join(tmp, 'internal')}
  let result: BuildResult

  beforeAll(async () => {
    result = await build({root: REPO, paths: briefs, out: outs.public, profile: 'public', rules: {'slide-overflow': 'off'}})
    await build({root: REPO, paths: briefs, out: outs.internal, profile: 'internal'})
  })

  test('the briefs have notes and internal blocks to leak, and an internal build publishes them (the search can fail)', () => {
    expect(briefs.length).toBeGreaterThan(10)
    expect(secrets.length).toBeGreaterThanOrEqual(15)
    const found = leaks(secrets, readableTexts(outs.internal))
    expect(new Set(found.map(([, secret]) => secret)).size).toBeGreaterThan(secrets.length / 2)
  })

  test('no text of any notes or internal block is in any file under out/ (HTML, Markdown, JSON, SVG)', () => {
    const written = readableTexts(outs.public)
    expect([...written.keys()].some((file) => file.endsWith('deck.md'))).toBe(true)
    expect(result.briefs.filter((brief) => brief.ok).length).toBeGreaterThan(10)
    expect(leaks(secrets, written)).toEqual([])
  })
})

describe('the profile fixture', () => {
  const outs = {public: path.join(tmp, 'fixture-public'), internal: path.join(tmp, 'fixture-internal')}
  let publicRun: {code: number; stdout: string; stderr: string}
  let internalRun: {code: number; stdout: string; stderr: string}

  beforeAll(async () => {
    internalRun = await runBin(['build', PROFILE, '--out', outs.internal], REPO)
    publicRun = await runBin(['build', PROFILE, '--out', outs.public, '--profile', 'public'], REPO)
  })

  test('internal: every brief builds; internal blocks are kept, each with a visible "Internal" marker', () => {
    expect(internalRun.code).toBe(0)
    for (const slug of ['full', 'draft', 'embargoed', 'released']) expect(fs.existsSync(path.join(outs.internal, slug, 'deck.html'))).toBe(true)
    const handout = page(outs.internal, 'full', 'handout.html')
    const blocks = all(handout, 'div.internal')
    expect(blocks).toHaveLength(1)
    expect(text(all(blocks[0], 'p.internal-label')[0])).toBe('Internal')
    expect(text(blocks[0])).toContain('Our own estimate')
    const deck = page(outs.internal, 'full', 'deck.html')
    expect(all(deck, 'div.internal > p.internal-label').map((label) => text(label))).toEqual(['Internal'])
    expect(read(path.join(outs.internal, 'full', 'deck.md'))).toContain('Our own estimate')
    // The team's deck has its notes view.
    expect(all(deck, '#bd-notes')).toHaveLength(1)
    expect(text(handout)).toContain('Draft cabinet memo on exemptions')
  })

  test('public: no notes and no internal blocks, nor the sources, credits and images only they used', () => {
    expect(publicRun.code).toBe(1)
    const handout = page(outs.public, 'full', 'handout.html')
    const deck = page(outs.public, 'full', 'deck.html')
    for (const tree of [handout, deck]) {
      expect(all(tree, '.internal')).toEqual([])
      const words = text(tree)
      expect(words).toContain('The package closes the most used loopholes')
      expect(words).toContain('The April sanctions package in figures')
      for (const hidden of ['Our own estimate', 'Pause here', 'Background call with a treasury official', 'Draft cabinet memo', 'Cost model, first cut', 'Modelling Unit']) {
        expect(words).not.toContain(hidden)
      }
    }
    // The deck offers no notes: no panel, no button, no notes data.
    expect(all(deck, '#bd-notes, [data-bd="notes"], #bd-speaker-notes')).toEqual([])
    expect(read(path.join(outs.public, 'full', 'deck.md'))).not.toMatch(/<!--\s*(Pause|If asked)/)
    expect(fs.existsSync(path.join(outs.public, 'full', 'assets'))).toBe(true)
    const copied = fs.readdirSync(path.join(outs.public, 'full', 'assets'), {recursive: true}).map(String)
    expect(copied.some((name) => name.endsWith('partners.svg'))).toBe(true)
    expect(copied.some((name) => name.endsWith('internal-chart.svg'))).toBe(false)
    // Numbered as published: the two public sources are notes 1 and 2, and nothing else is listed.
    expect(all(handout, 'ol.notes > li').map((item) => text(item))).toEqual([
      expect.stringMatching(/^“The April sanctions package in figures”/),
      expect.stringMatching(/^“Quarterly export volumes by commodity and destination”/)
    ])
  })

  test('public: a draft is skipped and listed in the summary; an internal build of it is removed from the folder', async () => {
    expect(publicRun.stdout).toMatch(/Skipped a draft \(draft: true\), not published in the public profile: .*draft\.md/)
    expect(fs.existsSync(path.join(outs.public, 'draft'))).toBe(false)
    // Over a folder an internal build wrote: the draft's pages go, and the summary says so.
    const over = path.join(tmp, 'over')
    expect((await runBin(['build', PROFILE, '--out', over], REPO)).code).toBe(0)
    expect(fs.existsSync(path.join(over, 'draft', 'deck.html'))).toBe(true)
    const run = await runBin(['build', PROFILE, '--out', over, '--profile', 'public'], REPO)
    expect(fs.existsSync(path.join(over, 'draft'))).toBe(false)
    // The embargoed brief failed, so its internal pages (with notes) go too.
    expect(fs.existsSync(path.join(over, 'embargoed'))).toBe(false)
    expect(run.stdout).toMatch(/Removed the outputs of an internal build for .*embargoed\.md/)
    const index = fromHtml(read(path.join(over, 'index.html')))
    expect(all(index, '.brief-title').map((title) => text(title)).sort()).toEqual(['Released: a note on frozen assets', 'Sanctions that bite: a briefing for the committee'])
  })

  test('public: a brief under embargo is refused with its file, line:column, the time and how to preview it; --ignore-embargo publishes it', async () => {
    expect(publicRun.stderr).toMatch(/embargoed\.md\n\s*3:10-3:35\s+error\s+Under embargo until 2099-06-01T09:00:00\+02:00 \(2099-06-01 07:00 UTC\).*--ignore-embargo.*embargoed/)
    expect(fs.existsSync(path.join(outs.public, 'embargoed'))).toBe(false)
    // A past embargo is no obstacle.
    expect(fs.existsSync(path.join(outs.public, 'released', 'deck.html'))).toBe(true)
    const preview = path.join(tmp, 'preview')
    const run = await runBin(['build', PROFILE, '--out', preview, '--profile', 'public', '--ignore-embargo'], REPO)
    expect(run.code).toBe(0)
    expect(text(page(preview, 'embargoed', 'handout.html'))).toContain('embargoed until the launch event')
  })

  test('an embargo without a time zone is an error that shows the form to use', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'zone-'))
    fs.mkdirSync(path.join(dir, 'decks'))
    fs.writeFileSync(path.join(dir, 'decks', 'a.md'), '---\ntitle: A\nembargo: 2030-01-01T09:00\n---\n\nText\n')
    const run = await runBin(['build'], dir)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/3:10-3:26\s+error\s+Invalid embargo `2030-01-01T09:00`: write the date, the time and the time zone in ISO 8601, e\.g\. `embargo: 2026-12-10T09:00:00\+01:00`.*invalid-date/)
  })

  test('public: a notes-layout brief gets no handout, with a warning; its deck and the index link to what exists', () => {
    expect(publicRun.stderr).toMatch(/released\.md\n.*warning\s+The handout is not written: its layout, `notes`, is made of speaker notes.*notes-handout-not-public/)
    expect(fs.readdirSync(path.join(outs.public, 'released')).sort()).toEqual(['cite.bib', 'cite.json', 'cite.ris', 'deck.html', 'deck.md'])
    const deck = page(outs.public, 'released', 'deck.html')
    expect(all(deck, 'a[href="handout.html"]')).toEqual([])
    const index = fromHtml(read(path.join(outs.public, 'index.html')))
    const hrefs = all(index, 'a').map((link) => String(link.properties.href))
    expect(hrefs).toContain('released/deck.html')
    expect(hrefs).not.toContain('released/handout.html')
    expect(text(deck)).not.toContain('confidential briefing')
  })

  test('credits say only what they state: "All rights reserved" with the copyright holder, a permission only when given', () => {
    const handout = page(outs.internal, 'full', 'handout.html')
    const credits = all(handout, 'section.credits li').map((item) => text(item))
    expect(credits).toContain('“Who supplies whom” © Eastern Press Agency. All rights reserved. Used with permission of the Eastern Press Agency picture desk.')
    expect(credits).toContain('“The coalition of April 14” © Jonas Weber. All rights reserved.')
    expect(text(handout)).not.toMatch(/used with permission/)
  })
})

describe('every front end takes the profile', () => {
  const source = read(path.join(PROFILE, 'full.md'))

  test('the remark plugin with profile: public leaves notes and internal blocks out of the HTML and the Markdown', async () => {
    const processor = unified().use(remarkParse).use(remarkBriefdeck, {root: REPO, profile: 'public'}).use(remarkRehype).use(rehypeStringify)
    const file = new VFile({path: path.join(PROFILE, 'full.md'), value: source, cwd: REPO})
    const html = String(await processor.process(file))
    expect(html).toContain('The package closes the most used loopholes')
    for (const secret of teamOnlyTexts(source)) expect(html).not.toContain(secret.slice(0, 30))
    const internal = unified().use(remarkParse).use(remarkBriefdeck, {root: REPO}).use(remarkRehype).use(rehypeStringify)
    const kept = String(await internal.process(new VFile({path: path.join(PROFILE, 'full.md'), value: source, cwd: REPO})))
    expect(kept).toMatch(/<div class="internal"><p class="internal-label">Internal<\/p>\s*<p>Our own estimate/)
  })

  test('`profile` is checked: a wrong value names the right ones', async () => {
    const run = await runBin(['build', PROFILE, '--out', path.join(tmp, 'bad'), '--profile', 'open'], REPO)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--profile open is not one of internal, public')
    const dir = fs.mkdtempSync(path.join(tmp, 'config-'))
    fs.writeFileSync(path.join(dir, 'briefdeck.config.json'), JSON.stringify({profile: 'publik'}))
    const config = await runBin(['build'], dir)
    expect(config.code).toBe(2)
    expect(config.stderr).toMatch(/`profile` must be one of internal, public\. Did you mean `public`\?/)
  })
})
