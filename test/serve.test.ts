/**
 * `briefdeck serve`: a real server on loopback, real file saves, and a real
 * Chromium page that reloads on the same slide.
 */
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import {chromium, type Browser} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {findBrowser} from '../src/browser/find.js'
import {BROWSER_ARGS} from '../src/browser/session.js'
import {serve} from '../src/cli/serve.js'
import {loadConfig} from '../src/config/load.js'
import {REPO, tempProject} from './helpers.js'

const BRIEF = `---
title: Live brief
---

## First slide

One.

---

## Second slide

Two.

---

## Third slide

Three.
`

let browser: Browser
let stop: () => void
let done: Promise<number>
let url: string
let dir: string
let output = ''

beforeAll(async () => {
  dir = tempProject({
    'decks/live.md': BRIEF,
    'decks/other.md': BRIEF.replace('Live brief', 'Other brief'),
    'themes/briefing.css': fs.readFileSync(path.join(REPO, 'themes', 'briefing.css'))
  })
  const until = new Promise<void>((resolve) => (stop = resolve))
  const listening = new Promise<string>((resolve) => {
    done = serve(
      {root: dir, port: 0, until, onListening: resolve, reload: async () => ({root: dir, paper: (await loadConfig(dir)).config.paper})},
      {cwd: dir, stdout: (t) => (output += t), stderr: (t) => (output += t)}
    )
  })
  url = await listening
  browser = await chromium.launch({executablePath: findBrowser(), args: BROWSER_ARGS})
}, 60_000)

afterAll(async () => {
  await browser?.close()
  stop?.()
  await done
})

/** A raw request, so that Host and paths are sent exactly as given. */
function request(pathname: string, headers: Record<string, string> = {}): Promise<{status: number; body: string}> {
  const {port} = new URL(url)
  return new Promise((resolve, reject) => {
    const req = http.request({host: '127.0.0.1', port, path: pathname, headers, method: 'GET'}, (res) => {
      let body = ''
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({status: res.statusCode ?? 0, body}))
    })
    req.on('error', reject)
    req.end()
  })
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('briefdeck serve', () => {
  test('serves out/ on 127.0.0.1 with the live-reload script', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    const index = await request('/')
    expect(index.status).toBe(200)
    expect(index.body).toContain('Live brief')
    const deck = await request('/live/deck.html')
    // The client, with the overlay's heading in the page's language.
    expect(deck.body).toContain('<script src="/__briefdeck/live.js" data-heading="briefdeck: the last build has problems"></script>')
  })

  test('refuses foreign hosts and origins, serves nothing outside out/, survives bad requests', async () => {
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret')
    fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, 'out', 'link.txt'))
    expect((await request('/', {Host: 'evil.example'})).status).toBe(403)
    expect((await request('/', {Host: `evil.example:${new URL(url).port}`})).status).toBe(403)
    expect((await request('/', {Origin: 'http://evil.example'})).status).toBe(403)
    expect((await request('/', {Origin: 'null'})).status).toBe(403)
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/link.txt', '/.briefdeck/manifest.json', '/%00', '/%E0%A4%A']) {
      const response = await request(attempt)
      expect([400, 404], attempt).toContain(response.status)
      expect(response.body).not.toContain('secret')
    }
    // A malformed request line does not take the server down.
    await new Promise<void>((resolve) => {
      const socket = net.connect(Number(new URL(url).port), '127.0.0.1', () => socket.end('GARBAGE / HTTP/9.9\r\n\r\n'))
      socket.resume()
      socket.on('close', () => resolve())
      socket.on('error', () => resolve())
    })
    expect((await request('/')).status).toBe(200)
  })

  test('every response carries a Content-Security-Policy and nosniff, and a hostile file in out/ runs nothing from here', async () => {
    const hostile = '<svg xmlns="http://www.w3.org/2000/svg" onload="document.title=\'RAN\'"><script>document.title=\'RAN\'</script><circle r="5"/></svg>'
    fs.writeFileSync(path.join(dir, 'out', 'user.svg'), hostile)
    fs.writeFileSync(path.join(dir, 'out', 'user.html'), '<!doctype html><title>page</title><script>document.title="RAN"</script>')
    fs.writeFileSync(path.join(dir, 'out', '.env'), 'TOKEN=secret')
    const {port} = new URL(url)
    const head = (pathname: string, headers: Record<string, string> = {}) =>
      new Promise<http.IncomingMessage>((resolve, reject) => {
        const req = http.request({host: '127.0.0.1', port, path: pathname, headers}, (res) => {
          res.resume()
          resolve(res)
        })
        req.on('error', reject)
        req.end()
      })
    const responses = {
      index: await head('/'),
      deck: await head('/live/deck.html'),
      handout: await head('/live/handout.html'),
      svg: await head('/user.svg'),
      html: await head('/user.html'),
      client: await head('/__briefdeck/live.js'),
      missing: await head('/nothing-here.png'),
      dotfile: await head('/.env'),
      forbidden: await head('/', {Host: 'evil.example'}),
      bad: await head('/%E0%A4%A')
    }
    expect(responses.dotfile.statusCode).toBe(404)
    for (const [name, response] of Object.entries(responses)) {
      expect(response.headers['x-content-type-options'], name).toBe('nosniff')
      const policy = String(response.headers['content-security-policy'] ?? '')
      expect(policy, name).toMatch(/default-src 'none'/)
      expect(policy, name).not.toMatch(/script-src[^;]*(unsafe-inline|\*|https:)/)
    }
    // Files other than pages may run nothing at all.
    expect(String(responses.svg.headers['content-security-policy'])).toMatch(/sandbox/)
    expect(String(responses.svg.headers['content-security-policy'])).not.toMatch(/script-src/)
    const page = await browser.newPage()
    try {
      // The control: opened from the disk, the same file runs its script.
      await page.goto(`file://${path.join(dir, 'out', 'user.svg')}`)
      await page.waitForTimeout(200)
      expect(await page.title()).toBe('RAN')
      for (const pathname of ['/user.svg', '/user.html']) {
        await page.goto(new URL(pathname, url).href)
        await page.waitForTimeout(200)
        expect(await page.title(), pathname).not.toBe('RAN')
      }
    } finally {
      await page.close()
    }
  })

  test('a save rebuilds only that brief, and the open deck reloads on the same slide', async () => {
    const page = await browser.newPage()
    await page.goto(`${url}live/deck.html#4`)
    await page.evaluate(() => ((window as unknown as {marker: number}).marker = 1))
    const otherBefore = fs.statSync(path.join(dir, 'out/other/deck.html')).mtimeMs
    const builtBefore = (output.match(/brief built/g) ?? []).length
    const file = path.join(dir, 'decks/live.md')
    // One save in the steps editors take, back to back: truncate, write half, write the rest (the
    // rebuild must not see the half), then write a copy and rename it over the brief (vim, JetBrains): one rebuild.
    const edited = BRIEF.replace('Three.', 'Three, edited 4.')
    fs.writeFileSync(file, '')
    fs.writeFileSync(file, edited.slice(0, 40))
    fs.appendFileSync(file, edited.slice(40))
    fs.writeFileSync(`${file}.tmp`, edited)
    fs.renameSync(`${file}.tmp`, file)
    await page.waitForFunction(() => !(window as unknown as {marker?: number}).marker, undefined, {timeout: 10_000})
    await page.waitForLoadState('load')
    expect(await page.locator('svg.bd-current').textContent()).toContain('Three, edited 4.')
    expect(new URL(page.url()).hash).toBe('#4')
    await wait(300)
    expect((output.match(/brief built/g) ?? []).length - builtBefore).toBe(1)
    expect(fs.statSync(path.join(dir, 'out/other/deck.html')).mtimeMs).toBe(otherBefore)
    await page.close()
  })

  test('an open handout keeps its scroll position across a reload', async () => {
    const long = BRIEF.replace('One.', Array.from({length: 60}, (_, i) => `Paragraph ${i} of a long handout.`).join('\n\n'))
    fs.writeFileSync(path.join(dir, 'decks/live.md'), long)
    await wait(800)
    const page = await browser.newPage({viewport: {width: 800, height: 600}})
    await page.goto(`${url}live/handout.html`)
    await page.evaluate(() => window.scrollTo(0, 900))
    await page.evaluate(() => ((window as unknown as {marker: number}).marker = 1))
    fs.writeFileSync(path.join(dir, 'decks/live.md'), long.replace('Paragraph 0 of', 'Paragraph zero of'))
    await page.waitForFunction(() => !(window as unknown as {marker?: number}).marker, undefined, {timeout: 10_000})
    await page.waitForFunction(() => window.scrollY > 0, undefined, {timeout: 5000})
    expect(await page.evaluate(() => window.scrollY)).toBe(900)
    await page.close()
  })

  test('diagnostics show in an overlay with file:line:column, and go away once fixed', async () => {
    const page = await browser.newPage()
    await page.goto(`${url}other/deck.html`)
    const file = path.join(dir, 'decks/other.md')
    fs.writeFileSync(file, BRIEF.replace('Two.', 'Two:cite[nowhere].'))
    const overlay = page.locator('#briefdeck-overlay')
    await overlay.waitFor({timeout: 10_000})
    expect(await overlay.textContent()).toContain('decks/other.md:13:4 error Citation of unknown source `nowhere`')
    expect(await overlay.textContent()).toMatch(/^briefdeck: the last build has problems\n/)
    expect(output).toMatch(/13:4-13:18\s+error/)
    fs.writeFileSync(file, BRIEF.replace('Live brief', 'Other brief'))
    await overlay.waitFor({state: 'detached', timeout: 10_000})
    await page.close()
  })

  test('a theme change or a new config file rebuilds every brief', async () => {
    const count = () => (output.match(/2 briefs built/g) ?? []).length
    const before = count()
    const theme = path.join(dir, 'themes', 'briefing.css')
    fs.writeFileSync(theme, `${fs.readFileSync(theme, 'utf8')}\nsection { letter-spacing: 0.01em; }\n`)
    await expect.poll(count, {timeout: 10_000}).toBe(before + 1)
    expect(fs.readFileSync(path.join(dir, 'out/other/deck.html'), 'utf8')).toContain('letter-spacing:0.01em')
    fs.writeFileSync(path.join(dir, 'briefdeck.config.mjs'), "export default {paper: 'letter'}\n")
    await expect.poll(count, {timeout: 10_000}).toBe(before + 2)
    expect(fs.readFileSync(path.join(dir, 'out/other/handout.html'), 'utf8')).toContain('size: letter')
  })
  test('a change to a bibliography file rebuilds the briefs that use it', async () => {
    const refs = path.join(dir, 'decks', 'refs.json')
    const entry = (title: string) => JSON.stringify([{id: 'stroul', type: 'report', title, author: [{family: 'Stroul', given: 'Dana'}], issued: {'date-parts': [[2024]]}}])
    fs.writeFileSync(refs, entry('First title'))
    fs.writeFileSync(path.join(dir, 'decks/other.md'), BRIEF.replace('Live brief', 'Other brief\nbibliography: refs.json\ncitationStyle: apa').replace('Two.', 'Two:cite[stroul].'))
    const handout = () => fs.readFileSync(path.join(dir, 'out/other/handout.html'), 'utf8')
    await expect.poll(handout, {timeout: 10_000}).toContain('First title')
    fs.writeFileSync(refs, entry('Second title'))
    await expect.poll(handout, {timeout: 10_000}).toContain('Second title')
  })

  test('a new brief in a new folder is built, and its saves after that too', async () => {
    fs.mkdirSync(path.join(dir, 'decks/team'))
    const file = path.join(dir, 'decks/team/third.md')
    fs.writeFileSync(file, BRIEF.replace('Live brief', 'Third brief'))
    const deck = () => fs.readFileSync(path.join(dir, 'out/third/deck.html'), 'utf8')
    await expect.poll(() => fs.existsSync(path.join(dir, 'out/third/deck.html')) && deck(), {timeout: 10_000}).toContain('Third brief')
    fs.writeFileSync(file, BRIEF.replace('Live brief', 'Third brief').replace('Two.', 'Two, edited.'))
    await expect.poll(deck, {timeout: 10_000}).toContain('Two, edited.')
  })
})
