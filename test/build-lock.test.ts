/**
 * Builds that write one output folder take turns (src/publish/lock.ts): real
 * `briefdeck build` processes run at once never lose each other's manifest
 * updates, a lock left by a killed build is taken over, a build that cannot
 * get the lock gives up with exit code 2, and `serve` shares the folder too.
 */
import {spawn} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {fromHtml} from 'hast-util-from-html'
import {select, selectAll} from 'hast-util-select'
import {toString} from 'hast-util-to-string'
import lockfile from 'proper-lockfile'
import {expect, test} from 'vitest'
import {serve} from '../src/cli/serve.js'
import {JOURNAL_DIR, STAGING_DIR} from '../src/publish/journal.js'
import {LOCK_PATH, STALE_MS, UPDATE_MS} from '../src/publish/lock.js'
import {REPO, tempProject} from './helpers.js'

const BIN = path.join(REPO, 'dist', 'cli', 'bin.js')
const WAITING = 'Waiting for another build of out/ to finish (lock: out/.briefdeck/lock)'

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

function run(dir: string, args: string[], env: Record<string, string> = {}): {done: Promise<Run>; kill: () => void; pid?: number} {
  const child = spawn(process.execPath, [BIN, ...args], {cwd: dir, env: {...process.env, ...env}})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const done = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({code, signal, stdout, stderr})))
  return {done, kill: () => child.kill('SIGKILL'), pid: child.pid}
}

function source(title: string): string {
  return `---\ntitle: "${title}"\n---\n\n## First\n\n${'A paragraph of the brief. '.repeat(40)}\n\n---\n\n## Second\n\nThe end.\n`
}

/** slug → title, as out/index.html lists them. */
function indexTitles(out: string): Record<string, string> {
  const tree = fromHtml(fs.readFileSync(path.join(out, 'index.html'), 'utf8'))
  const titles: Record<string, string> = {}
  for (const item of selectAll('li.brief', tree)) {
    const link = select('.brief-title a', item)
    const slug = String(link?.properties.href ?? '').replace(/\/handout\.html$/, '')
    titles[slug] = toString(link ?? item).trim()
  }
  return titles
}

/** slug → title, as the manifest records them. */
function manifestTitles(out: string): Record<string, string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(out, '.briefdeck/manifest.json'), 'utf8')) as {briefs: Record<string, {meta: {title: string}}>}
  return Object.fromEntries(Object.entries(manifest.briefs).map(([slug, entry]) => [slug, entry.meta.title]))
}

const listing = (folder: string) => (fs.existsSync(folder) ? fs.readdirSync(folder) : [])
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

test('builds run at once on one out/ take turns: every brief ends up listed with its newest title', {timeout: 300_000}, async () => {
  const BRIEFS = 3
  const ROUNDS = 3
  const files: Record<string, string> = {}
  for (let index = 0; index < BRIEFS; index++) files[`decks/b${index}.md`] = source(`Brief ${index} round 0`)
  const dir = tempProject(files)
  const out = path.join(dir, 'out')
  let waited = 0
  for (let round = 1; round <= ROUNDS; round++) {
    const expected: Record<string, string> = {}
    for (let index = 0; index < BRIEFS; index++) {
      expected[`b${index}`] = `Brief ${index} round ${round}`
      fs.writeFileSync(path.join(dir, `decks/b${index}.md`), source(expected[`b${index}`]))
    }
    // One process per brief, each building only its own (so each has its own manifest update to lose), and one building all.
    const runs = [...Array.from({length: BRIEFS}, (_, index) => run(dir, ['build', `decks/b${index}.md`])), run(dir, ['build'])]
    const results = await Promise.all(runs.map((one) => one.done))
    expect(indexTitles(out), `round ${round}: out/index.html`).toEqual(expected)
    expect(manifestTitles(out), `round ${round}: manifest`).toEqual(expected)
    for (const [index, result] of results.entries()) {
      expect(result.code, `round ${round}, process ${index}: ${result.stderr}`).toBe(0)
      expect(result.stderr.split(WAITING).length - 1, `round ${round}, process ${index}: one waiting message at most`).toBeLessThanOrEqual(1)
      if (result.stderr.includes(WAITING)) waited++
    }
    for (let index = 0; index < BRIEFS; index++) {
      expect(fs.readFileSync(path.join(out, `b${index}`, 'handout.html'), 'utf8'), `round ${round}: b${index}`).toContain(expected[`b${index}`])
    }
  }
  // Every lock was released, and nothing is left half-published.
  expect(fs.existsSync(path.join(out, LOCK_PATH))).toBe(false)
  expect(listing(path.join(out, JOURNAL_DIR))).toEqual([])
  expect(listing(path.join(out, STAGING_DIR))).toEqual([])
  // The builds did overlap: some had to wait for others.
  expect(waited).toBeGreaterThan(0)
})

test('a lock left by a killed build is taken over once stale, and the next build succeeds', {timeout: 120_000}, async () => {
  const dir = tempProject({'decks/a.md': source('A one'), 'decks/b.md': source('B one')})
  const out = path.join(dir, 'out')
  const lock = path.join(out, LOCK_PATH)
  // Kill a build while it holds the lock: SIGKILL leaves it behind, untouched from then on.
  const victim = run(dir, ['build'])
  const seen = await new Promise<boolean>((resolve) => {
    const poll = setInterval(() => {
      if (fs.existsSync(lock)) {
        clearInterval(poll)
        victim.kill()
        resolve(true)
      }
    }, 2)
    void victim.done.then(() => {
      clearInterval(poll)
      resolve(false)
    })
  })
  const killed = await victim.done
  expect(seen, 'the build never took the lock').toBe(true)
  expect(killed.signal).toBe('SIGKILL')
  expect(fs.existsSync(lock), 'the killed build left its lock').toBe(true)
  const killedAt = Date.now()

  fs.writeFileSync(path.join(dir, 'decks/a.md'), source('A two'))
  const next = await run(dir, ['build']).done
  expect(next.code, next.stderr).toBe(0)
  // It waited (the lock was fresh), then took it over once nobody had touched it for STALE_MS.
  expect(next.stderr).toContain(WAITING)
  expect(Date.now() - killedAt).toBeGreaterThanOrEqual(STALE_MS - 1_000)
  expect(indexTitles(out)).toEqual({a: 'A two', b: 'B one'})
  expect(manifestTitles(out)).toEqual({a: 'A two', b: 'B one'})
  expect(fs.existsSync(lock)).toBe(false)
})

test('a build that cannot get the lock in time exits 2, names the lock and writes nothing; check does not lock', {timeout: 60_000}, async () => {
  const dir = tempProject({'decks/a.md': source('A one')})
  const out = path.join(dir, 'out')
  // Another build holds the lock (this process, the way a build takes it, kept fresh).
  fs.mkdirSync(path.join(out, '.briefdeck'), {recursive: true})
  const release = await lockfile.lock(out, {lockfilePath: path.join(out, LOCK_PATH), realpath: false, stale: STALE_MS, update: UPDATE_MS})
  try {
    const started = Date.now()
    const result = await run(dir, ['build'], {BRIEFDECK_LOCK_TIMEOUT_MS: '1500'}).done
    expect(result.code).toBe(2)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500)
    expect(result.stderr).toContain(WAITING)
    expect(result.stderr).toMatch(/still holds the lock out\/\.briefdeck\/lock after 1\.5 s/)
    expect(result.stderr).toMatch(/Wait for that build to finish .*if no build is running, delete the folder out\/\.briefdeck\/lock/)
    expect(result.stdout).toBe('')
    // Nothing written: the output folder holds only the other build's lock.
    expect(fs.readdirSync(out)).toEqual(['.briefdeck'])
    expect(fs.readdirSync(path.join(out, '.briefdeck'))).toEqual(['lock'])
    // `check` writes nothing, so it does not wait for the lock.
    const check = await run(dir, ['check'], {BRIEFDECK_LOCK_TIMEOUT_MS: '1500'}).done
    expect(check.code, check.stderr).toBe(0)
    expect(check.stderr).not.toContain('Waiting')
  } finally {
    await release()
  }
  const after = await run(dir, ['build']).done
  expect(after.code, after.stderr).toBe(0)
  expect(indexTitles(out)).toEqual({a: 'A one'})
})

test('serve and command-line builds share out/: serve waits for the lock and releases it after each build', {timeout: 120_000}, async () => {
  const dir = tempProject({'decks/a.md': source('A one'), 'decks/b.md': source('B one')})
  const out = path.join(dir, 'out')
  let output = ''
  let stop = () => {}
  const until = new Promise<void>((resolve) => (stop = resolve))
  let done: Promise<number> = Promise.resolve(0)
  await new Promise<string>((resolve) => {
    done = serve(
      {root: dir, port: 0, until, onListening: resolve, onNotice: (message) => (output += `${message}\n`)},
      {cwd: dir, stdout: (t) => (output += t), stderr: (t) => (output += t)}
    )
  })
  const eventually = async (condition: () => boolean, what: string) => {
    for (let tries = 0; tries < 600 && !condition(); tries++) await wait(50)
    expect(condition(), what).toBe(true)
  }
  try {
    expect(fs.existsSync(path.join(out, LOCK_PATH)), 'serve holds the lock between builds').toBe(false)
    // While another build holds the lock, serve's rebuild waits for it and writes nothing.
    const release = await lockfile.lock(out, {lockfilePath: path.join(out, LOCK_PATH), realpath: false, stale: STALE_MS, update: UPDATE_MS})
    fs.writeFileSync(path.join(dir, 'decks/a.md'), source('A two'))
    await eventually(() => output.includes(WAITING), 'serve said it waits for the lock')
    expect(indexTitles(out)).toEqual({a: 'A one', b: 'B one'})
    await release()
    await eventually(() => indexTitles(out).a === 'A two', 'serve rebuilt once the lock was free')
    // A save that serve rebuilds, and a command-line build of the other brief, at the same time.
    fs.writeFileSync(path.join(dir, 'decks/a.md'), source('A three'))
    fs.writeFileSync(path.join(dir, 'decks/b.md'), source('B two'))
    const cli = await run(dir, ['build', 'decks/b.md']).done
    expect(cli.code, cli.stderr).toBe(0)
    await eventually(() => indexTitles(out).a === 'A three', 'serve rebuilt the save')
    expect(output).not.toMatch(/rebuild failed|briefdeck failed/)
    expect(indexTitles(out)).toEqual({a: 'A three', b: 'B two'})
    expect(manifestTitles(out)).toEqual({a: 'A three', b: 'B two'})
  } finally {
    stop()
    expect(await done).toBe(0)
  }
  expect(fs.existsSync(path.join(out, LOCK_PATH))).toBe(false)
})
