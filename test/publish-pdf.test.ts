/**
 * `briefdeck build --profile public --pdf`, as a team publishes: PDFs that are
 * tagged, with the brief's metadata and language, bookmarks per slide title
 * and per heading, figures' alt text in the tag tree (all read with poppler,
 * not with our code); no speaker notes or internal text in any file, PDF text
 * included; the index links the PDFs with their sizes; a later build without
 * PDFs removes the stale ones and says so; `pdf: true` makes PDFs part of
 * every build. Needs Chromium and poppler-utils.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type {Element} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {all, FIXTURES, REPO, runBin, text} from './helpers.js'
import {leaks, readableTexts, repositoryBriefs, teamOnlyTexts} from './leaks.js'
import {build} from '../src/pipeline/build.js'
import {serve} from '../src/cli/serve.js'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-publish-'))
const project = path.join(tmp, 'project')
const out = path.join(project, 'out')
afterAll(() => fs.rmSync(tmp, {recursive: true, force: true}))

const SLUGS = ['russia-iran-partnership', 'full', 'released']

/** The example and the profile fixture's briefs (not the one under embargo), with their images. */
function makeProject(): void {
  fs.cpSync(path.join(REPO, 'decks'), path.join(project, 'decks'), {recursive: true})
  const fixture = path.join(FIXTURES, 'profile', 'decks')
  for (const name of ['full.md', 'released.md', 'draft.md']) fs.copyFileSync(path.join(fixture, name), path.join(project, 'decks', name))
  fs.cpSync(path.join(fixture, 'images'), path.join(project, 'decks', 'images'), {recursive: true})
}

const info = (file: string) => execFileSync('pdfinfo', ['-enc', 'UTF-8', file], {encoding: 'utf8'})
const field = (file: string, name: string) => new RegExp(`^${name}:\\s+(.*)$`, 'm').exec(info(file))?.[1]
const html = (slug: string, name: string) => fromHtml(fs.readFileSync(path.join(out, slug, name), 'utf8'))
const pdf = (slug: string, name: string) => path.join(out, slug, name)

/** The outline's titles, as poppler reads them (`pdftohtml -xml` lists the bookmarks). */
function bookmarks(file: string): string[] {
  const xml = execFileSync('pdftohtml', ['-xml', '-i', '-stdout', '-q', file], {encoding: 'utf8'})
  return [...xml.matchAll(/<item page="\d+">([^<]*)<\/item>/g)].map((match) => decodeXml(match[1]).replace(/\s+/g, ' ').trim())
}

const decodeXml = (value: string) =>
  value.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code))).replace(/&amp;/g, '&')

/** `/Alt` of every `/Figure` structure element, read from the file's objects (written uncompressed). */
function figureAlts(file: string): string[] {
  const raw = fs.readFileSync(file).toString('latin1')
  const alts: string[] = []
  for (const match of raw.matchAll(/<<((?:(?!>>)[\s\S])*?\/S \/Figure(?:(?!>>)[\s\S])*?)>>/g)) {
    const alt = /\/Alt (\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>)/.exec(match[1])?.[1]
    if (alt) alts.push(pdfString(alt))
  }
  return alts
}

/** A PDF string, literal `(…)` or hex `<FEFF…>` (UTF-16) or PDFDocEncoding/UTF-8. */
function pdfString(value: string): string {
  if (value.startsWith('<')) {
    const bytes = Buffer.from(value.slice(1, -1), 'hex')
    return bytes[0] === 0xfe && bytes[1] === 0xff ? bytes.subarray(2).swap16().toString('utf16le') : bytes.toString('latin1')
  }
  const body = value.slice(1, -1).replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, escape: string) =>
    /^[0-7]/.test(escape) ? String.fromCharCode(Number.parseInt(escape, 8)) : ({n: '\n', r: '\r', t: '\t', b: '\b', f: '\f'} as Record<string, string>)[escape] ?? escape
  )
  const bytes = Buffer.from(body, 'latin1')
  return bytes[0] === 0xfe && bytes[1] === 0xff ? bytes.subarray(2).swap16().toString('utf16le') : bytes.toString('utf8')
}

const squash = (value: string) => value.replace(/\s+/g, ' ').trim()

/** Each page's lines of text inside the page margins (20 mm at the top, 22 mm at the bottom, as the handout sets them), and how far down they reach. */
function pageLines(file: string): Array<{lines: Array<{top: number; bottom: number; text: string}>; fill: number}> {
  const xml = execFileSync('pdftotext', ['-bbox-layout', file, '-'], {encoding: 'utf8'})
  const mm = 72 / 25.4
  return [...xml.matchAll(/<page width="[\d.]+" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map((page) => {
    const height = Number(page[1])
    const [top, bottom] = [20 * mm, height - 22 * mm]
    const lines = [...page[2].matchAll(/<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)]
      .map((line) => ({top: Number(line[1]), bottom: Number(line[2]), text: decodeXml([...line[3].matchAll(/>([^<]*)<\/word>/g)].map((word) => word[1]).join(' '))}))
      .filter((line) => line.top >= top - 1 && line.bottom <= bottom + 1)
      .sort((a, b) => a.top - b.top)
    const reach = lines.length > 0 ? Math.max(...lines.map((line) => line.bottom)) : top
    return {lines, fill: (reach - top) / (bottom - top)}
  })
}

/** The first heading of each slide of deck.html: what a reader of the slides calls them. */
function slideTitles(slug: string): string[] {
  return all(html(slug, 'deck.html'), 'svg[data-marpit-svg]')
    .map((slide) => all(slide, 'h1, h2, h3, h4, h5, h6'))
    .flatMap((headings: Element[]) => headings.map((heading) => text(heading)))
}

describe('build --profile public --pdf', () => {
  let run: {code: number; stdout: string; stderr: string}

  beforeAll(async () => {
    makeProject()
    run = await runBin(['build', '--profile', 'public', '--pdf'], project)
  }, 180_000)

  test('builds every brief but the draft, with both PDFs', () => {
    expect(run.stderr).not.toMatch(/ error /)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/Skipped a draft .*draft\.md/)
    for (const slug of SLUGS) expect(fs.existsSync(pdf(slug, 'deck.pdf'))).toBe(true)
    expect(fs.existsSync(pdf('full', 'handout.pdf'))).toBe(true)
    // The notes handout is not published, so neither is its PDF.
    expect(fs.existsSync(pdf('released', 'handout.pdf'))).toBe(false)
  })

  test('every PDF is tagged and carries the title, authors, subject, keywords and language', () => {
    for (const slug of SLUGS) {
      for (const name of ['deck.pdf', 'handout.pdf']) {
        if (!fs.existsSync(pdf(slug, name))) continue
        expect(field(pdf(slug, name), 'Tagged'), `${slug}/${name}`).toBe('yes')
        expect(fs.readFileSync(pdf(slug, name)).toString('latin1')).toMatch(/\/Lang \(en\)/)
      }
    }
    for (const name of ['deck.pdf', 'handout.pdf']) {
      const file = pdf('full', name)
      expect(field(file, 'Title')).toBe('Sanctions that bite: a briefing for the committee')
      expect(field(file, 'Author')).toBe('Amira Haddad; Jonas Weber')
      expect(field(file, 'Subject')).toBe('What the April package changes, and what it leaves open')
      expect(field(file, 'Keywords')).toBe('sanctions, energy, Russia')
      // The same in the XMP metadata stream, as poppler reads it.
      expect(field(file, 'Metadata Stream')).toBe('yes')
      const xmp = execFileSync('pdfinfo', ['-meta', file], {encoding: 'utf8'})
      const items = (element: string) =>
        [...(new RegExp(`<${element}>([\\s\\S]*?)</${element}>`).exec(xmp)?.[1] ?? '').matchAll(/<rdf:li[^>]*>([^<]*)<\/rdf:li>/g)].map((match) => match[1])
      expect(items('dc:title')).toEqual(['Sanctions that bite: a briefing for the committee'])
      expect(items('dc:creator')).toEqual(['Amira Haddad', 'Jonas Weber'])
      expect(items('dc:description')).toEqual(['What the April package changes, and what it leaves open'])
      expect(items('dc:subject')).toEqual(['sanctions', 'energy', 'Russia'])
      expect(items('dc:language')).toEqual(['en'])
    }
    expect(field(pdf('russia-iran-partnership', 'handout.pdf'), 'Title')).toBe('Russia-Iran Partnership Can Bring U.S.’s European, Middle Eastern Allies Closer')
  })

  test('deck.pdf has a bookmark per slide title, handout.pdf one per heading, each as written', () => {
    for (const slug of ['russia-iran-partnership', 'full']) {
      const titles = slideTitles(slug)
      expect(titles.length).toBeGreaterThan(3)
      expect(bookmarks(pdf(slug, 'deck.pdf'))).toEqual(titles)
      const headings = all(html(slug, 'handout.html'), 'h1, h2, h3, h4, h5, h6').map((heading) => text(heading))
      expect(bookmarks(pdf(slug, 'handout.pdf'))).toEqual(headings)
    }
    // A title that wraps keeps its spaces (Chromium's own bookmarks join the lines).
    expect(bookmarks(pdf('russia-iran-partnership', 'deck.pdf'))[0]).toBe('Russia-Iran Partnership Can Bring U.S.’s European, Middle Eastern Allies Closer')
  })

  test('every figure is a Figure in the tag tree with its alt text', () => {
    const structure = execFileSync('pdfinfo', ['-struct', pdf('full', 'handout.pdf')], {encoding: 'utf8'})
    expect(structure.match(/^\s*Figure\b/gm)?.length).toBeGreaterThanOrEqual(2)
    expect(figureAlts(pdf('full', 'handout.pdf'))).toEqual(['Two overlapping circles for the two suppliers', 'Arcs of interceptors over a shield'])
    const source = fs.readFileSync(path.join(REPO, 'decks', 'russia-iran-partnership.md'), 'utf8')
    const alts = [...source.matchAll(/::figure\{[^}]*\balt="([^"]+)"/g)].map((match) => match[1])
    expect(alts.length).toBeGreaterThan(2)
    expect(figureAlts(pdf('russia-iran-partnership', 'handout.pdf'))).toEqual(expect.arrayContaining(alts))
  })

  test('no text of any notes or internal block is in any file, PDF text included', () => {
    const secrets = fs.readdirSync(path.join(project, 'decks')).filter((name) => name.endsWith('.md')).flatMap((name) => teamOnlyTexts(fs.readFileSync(path.join(project, 'decks', name), 'utf8')))
    expect(secrets.length).toBeGreaterThan(5)
    const written = readableTexts(out)
    expect([...written.keys()].filter((file) => file.endsWith('.pdf')).length).toBe(5)
    expect(leaks(secrets, written)).toEqual([])
  })

  test('the article handout prints cleanly: no heading ends a page, no page but the last is under 40% full', () => {
    for (const slug of ['russia-iran-partnership', 'full']) {
      const pages = pageLines(pdf(slug, 'handout.pdf'))
      expect(pages.length).toBeGreaterThan(0)
      const headings = all(html(slug, 'handout.html'), 'h1, h2, h3, h4').map((heading) => squash(text(heading)))
      pages.forEach((page, index) => {
        const last = squash(page.lines.at(-1)?.text ?? '')
        expect(headings.some((heading) => heading.includes(last)), `${slug}: page ${index + 1} ends with a heading (${last})`).toBe(false)
        if (index < pages.length - 1) expect(page.fill, `${slug}: page ${index + 1} is ${Math.round(page.fill * 100)}% full`).toBeGreaterThanOrEqual(0.4)
      })
    }
  })

  test('the title block keeps its date whole', () => {
    const lines = pageLines(pdf('full', 'handout.pdf'))[0].lines.map((line) => line.text)
    expect(lines.some((line) => line.includes('May 14, 2024')), lines.join('\n')).toBe(true)
  })

  test('a long address in the notes breaks only after a slash or before punctuation', () => {
    const address = 'https://example.org/research/sanctions-enforcement-observatory/datasets/2024/quarterly-export-volumes-by-commodity-and-destination-country.csv'
    // The lines of the PDF, joined with | where one ends: the address is found with a | wherever it broke.
    const flat = pageLines(pdf('full', 'handout.pdf')).flatMap((page) => page.lines.map((line) => line.text.replace(/\s+/g, ''))).join('|')
    const found = new RegExp([...address].map((char) => char.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('\\|?')).exec(flat)?.[0]
    expect(found, 'the address, whole, in the PDF text').toBeDefined()
    const breaks = [...(found ?? '').matchAll(/\|/g)].map((match) => [found?.[(match.index ?? 0) - 1], found?.[(match.index ?? 0) + 1]])
    expect(breaks.length).toBeGreaterThan(0)
    for (const [before, after] of breaks) expect(before === '/' || /[.\-_?#&=~]/.test(after ?? ''), `broke between ${before} and ${after}`).toBe(true)
  })

  test('the index links each brief’s PDFs, with their sizes', () => {
    const index = fromHtml(fs.readFileSync(path.join(out, 'index.html'), 'utf8'))
    const links = all(index, 'a[href$=".pdf"]').map((link) => ({href: String(link.properties.href), label: text(link)}))
    expect(links.map((link) => link.href).sort()).toEqual(['full/deck.pdf', 'full/handout.pdf', 'released/deck.pdf', 'russia-iran-partnership/deck.pdf', 'russia-iran-partnership/handout.pdf'])
    for (const link of links) {
      const kilobytes = Math.max(1, Math.round(fs.statSync(path.join(out, link.href)).size / 1000))
      expect(link.label).toBe(`${link.href.endsWith('deck.pdf') ? 'Slides' : 'Handout'} (PDF, ${kilobytes} kB)`)
    }
  })

  test('a later build without PDFs removes the changed brief’s stale PDFs and says so; unchanged briefs keep theirs', async () => {
    const brief = path.join(project, 'decks', 'full.md')
    fs.appendFileSync(brief, '\nOne more public sentence.\n')
    const later = await runBin(['build', '--profile', 'public'], project)
    expect(later.code).toBe(0)
    expect(later.stdout).toContain('Removed full/deck.pdf and full/handout.pdf: older than the brief\'s new pages. Build with --pdf (or `pdf: true`) to write them again')
    expect(fs.existsSync(pdf('full', 'deck.pdf'))).toBe(false)
    expect(fs.existsSync(pdf('full', 'handout.pdf'))).toBe(false)
    expect(fs.existsSync(pdf('russia-iran-partnership', 'deck.pdf'))).toBe(true)
    const index = fromHtml(fs.readFileSync(path.join(out, 'index.html'), 'utf8'))
    expect(all(index, 'a[href$=".pdf"]').map((link) => String(link.properties.href)).sort()).toEqual(['released/deck.pdf', 'russia-iran-partnership/deck.pdf', 'russia-iran-partnership/handout.pdf'])

    // `pdf: true` in the config: PDFs are part of every build.
    fs.writeFileSync(path.join(project, 'briefdeck.config.json'), JSON.stringify({pdf: true, profile: 'public'}))
    const withConfig = await runBin(['build'], project)
    expect(withConfig.code).toBe(0)
    expect(field(pdf('full', 'handout.pdf'), 'Tagged')).toBe('yes')
    expect(fs.existsSync(pdf('full', 'deck.pdf'))).toBe(true)
    // `check` writes nothing, whatever the config says.
    const check = await runBin(['check'], project)
    expect(check.code).toBe(0)
  }, 180_000)
})

describe('bundled fonts', () => {
  const dir = path.join(tmp, 'fonts-project')
  let run: {code: number; stdout: string; stderr: string}

  beforeAll(async () => {
    fs.mkdirSync(path.join(dir, 'decks'), {recursive: true})
    // Text only (an image's own text uses the fonts the image names): Latin, Latin with accents, Arabic.
    fs.writeFileSync(
      path.join(dir, 'decks', 'latin.md'),
      '---\ntitle: Fonts on every machine\nsubtitle: Łódź, Zürich and Kraków\ndate: 2024-05-14\n---\n\n## A heading\n\nBody text with *emphasis* and **strength**:cite[a].\n\n:::quote{by="Someone"}\nA quotation.\n:::\n\n::source{#a title="A source" url="https://example.org/a"}\n'
    )
    fs.writeFileSync(
      path.join(dir, 'decks', 'arabic.md'),
      '---\ntitle: الخطوط على كل جهاز\nlang: ar\n---\n\n## عنوان\n\nنص عربي مع **تأكيد** وكلمة English في الوسط.\n'
    )
    run = await runBin(['build', '--pdf'], dir)
  }, 120_000)

  test('the fonts and their OFL licences are written once, to out/fonts/, and the pages load them from there', () => {
    expect(run.code).toBe(0)
    const fonts = fs.readdirSync(path.join(dir, 'out', 'fonts'))
    expect(fonts.filter((name) => name.endsWith('-OFL.txt')).sort()).toEqual(['noto-naskh-arabic-OFL.txt', 'source-sans-3-OFL.txt', 'source-serif-4-OFL.txt'])
    expect(fs.readFileSync(path.join(dir, 'out', 'fonts', 'source-serif-4-OFL.txt'), 'utf8')).toContain('SIL OPEN FONT LICENSE')
    for (const page of ['latin/deck.html', 'latin/handout.html']) {
      const urls = [...fs.readFileSync(path.join(dir, 'out', page), 'utf8').matchAll(/url\('([^']+\.woff2)'\)/g)].map((match) => match[1])
      expect(urls.length, page).toBeGreaterThan(5)
      for (const url of urls) expect(fs.existsSync(path.resolve(path.join(dir, 'out', path.dirname(page)), url)), url).toBe(true)
    }
    const index = [...fs.readFileSync(path.join(dir, 'out', 'index.html'), 'utf8').matchAll(/url\('([^']+\.woff2)'\)/g)].map((match) => match[1])
    for (const url of index) expect(fs.existsSync(path.join(dir, 'out', url)), url).toBe(true)
  })

  test('both PDFs of a Latin and an Arabic brief use only the bundled fonts, whatever the machine has', () => {
    const used = ['latin', 'arabic'].flatMap((slug) =>
      ['deck.pdf', 'handout.pdf'].flatMap((name) =>
        execFileSync('pdffonts', [path.join(dir, 'out', slug, name)], {encoding: 'utf8'})
          .split('\n')
          .slice(2)
          .filter(Boolean)
          .map((line) => line.split(/\s+/)[0].replace(/^[A-Z]{6}\+/, ''))
      )
    )
    expect(used.length).toBeGreaterThan(3)
    expect(used.filter((font) => !/^(SourceSerif4|SourceSans3|NotoNaskhArabic)/.test(font))).toEqual([])
    expect(used.some((font) => font.startsWith('NotoNaskhArabic'))).toBe(true)
    expect(used.some((font) => font.startsWith('SourceSerif4'))).toBe(true)
  })
})

describe('every repository brief, built with --profile public --pdf', () => {
  test('no text of any notes or internal block is in any PDF (or any other file)', async () => {
    const briefs = repositoryBriefs(REPO)
    const secrets = briefs.flatMap((file) => teamOnlyTexts(fs.readFileSync(file, 'utf8')))
    const folder = path.join(tmp, 'repository-public')
    const result = await build({root: REPO, paths: briefs, out: folder, profile: 'public', pdf: true, rules: {'slide-overflow': 'off'}})
    const written = readableTexts(folder)
    expect(result.briefs.filter((brief) => brief.ok).length).toBeGreaterThan(10)
    expect([...written.keys()].filter((file) => file.endsWith('.pdf')).length).toBeGreaterThan(20)
    expect(leaks(secrets, written)).toEqual([])
  }, 600_000)
})

describe('serve with pdf: true', () => {
  test('refreshes a saved brief’s PDFs in the background, after its pages', async () => {
    const dir = path.join(tmp, 'serve-project')
    fs.mkdirSync(path.join(dir, 'decks'), {recursive: true})
    const brief = path.join(dir, 'decks', 'live.md')
    fs.writeFileSync(brief, '---\ntitle: Live brief\n---\n\n## First slide\n\nThe first version.\n')
    let stop = () => {}
    const until = new Promise<void>((resolve) => (stop = resolve))
    let output = ''
    const io = {cwd: dir, stdout: (line: string) => void (output += line), stderr: (line: string) => void (output += line)}
    let done: Promise<number> = Promise.resolve(0)
    const listening = new Promise<string>((resolve) => {
      done = serve({root: dir, port: 0, pdf: true, until, onListening: resolve}, io)
    })
    await listening
    const deckPdf = path.join(dir, 'out', 'live', 'deck.pdf')
    const pdfText = () => (fs.existsSync(deckPdf) ? execFileSync('pdftotext', [deckPdf, '-'], {encoding: 'utf8'}) : '')
    const waitFor = async (condition: () => boolean, what: string) => {
      for (let waited = 0; !condition(); waited += 100) {
        if (waited > 90_000) throw new Error(`timed out waiting for ${what}\n${output}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
    try {
      await waitFor(() => pdfText().includes('The first version.'), 'the first deck.pdf')
      fs.writeFileSync(brief, '---\ntitle: Live brief\n---\n\n## First slide\n\nThe second version.\n')
      await waitFor(() => fs.readFileSync(path.join(dir, 'out', 'live', 'deck.html'), 'utf8').includes('The second version.'), 'the new deck.html')
      await waitFor(() => pdfText().includes('The second version.'), 'the new deck.pdf')
      const pages = fs.statSync(path.join(dir, 'out', 'live', 'deck.html')).mtimeMs
      expect(fs.statSync(deckPdf).mtimeMs).toBeGreaterThanOrEqual(pages)
      expect(fs.existsSync(path.join(dir, 'out', 'live', 'handout.pdf'))).toBe(true)
      expect(output).not.toMatch(/Removed .*\.pdf/)
    } finally {
      stop()
      await done
    }
  }, 180_000)
})
