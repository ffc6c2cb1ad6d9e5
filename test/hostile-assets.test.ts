/**
 * What a brief may publish besides its pages: only image files, recognised by
 * their content and named for it, never a dot-file, and SVG only once
 * sanitized. Checked on the files a real build writes, and in Chromium.
 */
import fs from 'node:fs'
import path from 'node:path'
import {chromium} from 'playwright-core'
import {describe, expect, test} from 'vitest'
import {findBrowser} from '../src/browser/find.js'
import {BROWSER_ARGS} from '../src/browser/session.js'
import {runCli, tempProject} from './helpers.js'

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1d5d8a20000000049454e44ae426082', 'hex')
const HOSTILE_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="document.title=\'RAN\'">' +
  '<script>document.title=\'RAN\'</script>' +
  '<foreignObject width="10" height="10"><img xmlns="http://www.w3.org/1999/xhtml" src="x" onerror="document.title=\'RAN\'"/></foreignObject>' +
  '<image href="https://evil.example/track.png" width="1" height="1"/>' +
  '<rect width="10" height="10" style="fill:url(https://evil.example/x.svg#p)"/>' +
  '<circle cx="5" cy="5" r="4" fill="#0b2545"/></svg>'

const brief = (body: string) => `---\ntitle: "Assets"\n---\n\n::credit{#c author="Us" license="CC0-1.0"}\n\n## Slide\n\n${body}\n`

async function build(files: Record<string, string | Buffer>, body: string) {
  const dir = tempProject({...files, 'decks/b.md': brief(body)})
  const result = await runCli(['build'], dir)
  return {dir, result, output: result.stdout + result.stderr}
}

describe('only image files are published', () => {
  test.each([
    ['an HTML page as a figure', {'decks/page.html': '<script>alert(1)</script>'}, '::figure{src="page.html" alt="A" credit=c}', 'is not an image file'],
    ['an HTML page as a Markdown image', {'decks/page.html': '<script>alert(1)</script>'}, '![A](page.html)', 'is not an image file'],
    ['HTML named .png', {'decks/fake.png': '<html><script>alert(1)</script></html>'}, '::figure{src="fake.png" alt="A" credit=c}', 'is not an image file'],
    ['HTML named .svg', {'decks/fake.svg': '<!doctype html><html><body><svg></svg><script>alert(1)</script>'}, '::figure{src="fake.svg" alt="A" credit=c}', 'is not an image file'],
    ['a PNG named .jpg', {'decks/photo.jpg': PNG}, '::figure{src="photo.jpg" alt="A" credit=c}', 'rename it to `.png`'],
    ['a text file named .gif', {'decks/notes.gif': 'just text'}, '![A](notes.gif)', 'is not an image file']
  ])('%s: refused with a positioned not-an-image error, nothing published', async (_name, files, body, says) => {
    const {dir, result, output} = await build(files, body)
    expect(result.code).toBe(1)
    expect(output).toMatch(new RegExp(`\\n\\s*9:\\d+(-9:\\d+)?\\s+error .*${says.replace(/[.*+?^${}()|[\]\\`]/g, '\\$&')}.*not-an-image`))
    expect(fs.existsSync(path.join(dir, 'out/b'))).toBe(false)
  })

  test('a real PNG with a matching name is published byte for byte', async () => {
    const {dir, result} = await build({'decks/photo.png': PNG}, '::figure{src="photo.png" alt="A dot" credit=c}')
    expect(result.code).toBe(0)
    expect(fs.readFileSync(path.join(dir, 'out/b/assets/decks/photo.png'))).toEqual(PNG)
  })

  test.each([
    ['../.git/config', {'.git/config': '[remote "origin"]\n\turl = https://user:TOKEN@git.example/repo'}],
    ['.env', {'decks/.env': 'TOKEN=secret'}],
    ['images/.hidden.png', {'decks/images/.hidden.png': PNG}],
    ['.cache/p.png', {'decks/.cache/p.png': PNG}]
  ])('%s: a dot-file or a file in a dot-folder is never published', async (src, files) => {
    for (const body of [`::figure{src="${src}" alt="A" credit=c}`, `![A](${src})`]) {
      const {dir, result, output} = await build(files, body)
      expect(result.code).toBe(1)
      expect(output).toContain('image-hidden-path')
      expect(output).not.toContain('TOKEN')
      expect(fs.existsSync(path.join(dir, 'out/b'))).toBe(false)
    }
  })
})

describe('SVG is sanitized before it is published', () => {
  test('script, handlers, foreign content and external references are taken out, with a warning that says so', async () => {
    const {dir, result, output} = await build({'decks/p.svg': HOSTILE_SVG}, '::figure{src="p.svg" alt="A circle" credit=c}')
    expect(result.code).toBe(0)
    expect(output).toMatch(/9:\d+.*warning .*a <script> element.*svg-sanitized/)
    const published = fs.readFileSync(path.join(dir, 'out/b/assets/decks/p.svg'), 'utf8')
    expect(published).toContain('<circle')
    expect(published).not.toMatch(/script|onload|onerror|foreignObject|evil\.example/i)

    // In Chromium, opened on its own: the original runs (the harness sees it), the published copy does not.
    const browser = await chromium.launch({executablePath: findBrowser(), args: BROWSER_ARGS})
    try {
      const page = await browser.newPage()
      const requests: string[] = []
      page.on('request', (request) => requests.push(request.url()))
      await page.goto(`file://${path.join(dir, 'decks/p.svg')}`)
      await page.waitForTimeout(300)
      expect(await page.title()).toBe('RAN')
      requests.length = 0
      await page.goto(`file://${path.join(dir, 'out/b/assets/decks/p.svg')}`)
      await page.waitForTimeout(300)
      expect(await page.title()).not.toBe('RAN')
      expect(requests.filter((address) => address.includes('evil.example'))).toEqual([])
      // And as the deck and handout show it.
      for (const name of ['deck.html', 'handout.html']) {
        await page.goto(`file://${path.join(dir, 'out/b', name)}`)
        await page.waitForTimeout(300)
        expect(await page.title()).not.toBe('RAN')
      }
      expect(requests.filter((address) => address.includes('evil.example'))).toEqual([])
    } finally {
      await browser.close()
    }
  })

  test('an SVG with entity declarations (XXE, billion laughs) is refused with an invalid-svg error', async () => {
    const svg = '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>'
    const {dir, result, output} = await build({'decks/x.svg': svg}, '::figure{src="x.svg" alt="A" credit=c}')
    expect(result.code).toBe(1)
    expect(output).toMatch(/invalid-svg|not-an-image/)
    expect(output).not.toContain('root:')
    expect(fs.existsSync(path.join(dir, 'out/b'))).toBe(false)
  })

  test('an SVG with thousands of external references gets one short warning that counts them, and none is published', async () => {
    const shapes = Array.from({length: 3000}, (_, i) => `<image href="https://tracker${i}.example/p.png" width="1" height="1"/>`).join('')
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/>${shapes}</svg>`
    const {dir, result, output} = await build({'decks/many.svg': svg}, '::figure{src="many.svg" alt="A dot" credit=c}')
    expect(result.code).toBe(0)
    const warnings = output.split('\n').filter((line) => line.includes('svg-sanitized'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('tracker0.example')
    expect(warnings[0]).toContain('and 2,992 more like them')
    expect(warnings[0].length).toBeLessThan(1500)
    const published = fs.readFileSync(path.join(dir, 'out/b/assets/decks/many.svg'), 'utf8')
    expect(published).toContain('<circle')
    expect(published).not.toContain('.example')
  })

  test('a clean SVG keeps its drawing and its accessible name, with no warning', async () => {
    const clean = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img" aria-labelledby="t"><title id="t">A dot</title><defs><linearGradient id="g"><stop offset="0" stop-color="#000"/></linearGradient></defs><circle cx="5" cy="5" r="4" fill="url(#g)"/></svg>'
    const {dir, result, output} = await build({'decks/c.svg': clean}, '::figure{src="c.svg" alt="A dot" credit=c}')
    expect(result.code).toBe(0)
    expect(output).not.toContain('svg-sanitized')
    const published = fs.readFileSync(path.join(dir, 'out/b/assets/decks/c.svg'), 'utf8')
    for (const piece of ['viewBox="0 0 10 10"', '<title id="t">A dot</title>', 'linearGradient', 'fill="url(#g)"']) expect(published).toContain(piece)
  })
})
