/**
 * A journal in out/.briefdeck/journal/ that briefdeck cannot have written —
 * valid JSON of the wrong shape, moves that leave out/, not JSON at all — is
 * set aside with a warning instead of stopping every later build, and is
 * never applied; a good journal is still rolled forward.
 */
import {spawn} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {fromHtml} from 'hast-util-from-html'
import {select, selectAll} from 'hast-util-select'
import {toString} from 'hast-util-to-string'
import {beforeAll, expect, test} from 'vitest'
import {JOURNAL_DIR, SET_ASIDE_DIR, STAGING_DIR} from '../src/publish/journal.js'
import {REPO, tempProject} from './helpers.js'

const BIN = path.join(REPO, 'dist', 'cli', 'bin.js')

function runBuild(dir: string): Promise<{code: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'build'], {cwd: dir})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => resolve({code, stdout, stderr}))
  })
}

function source(title: string): string {
  return `---\ntitle: "${title}"\n---\n\n## First\n\nVERSION: ${title}\n\n---\n\n## Second\n\nThe end of ${title}.\n`
}

function indexTitles(out: string): Record<string, string> {
  const tree = fromHtml(fs.readFileSync(path.join(out, 'index.html'), 'utf8'))
  return Object.fromEntries(
    selectAll('li.brief', tree).map((item) => {
      const link = select('.brief-title a', item)
      return [String(link?.properties.href ?? '').replace(/\/handout\.html$/, ''), toString(link ?? item).trim()]
    })
  )
}

const listing = (folder: string) => (fs.existsSync(folder) ? fs.readdirSync(folder) : [])

let dir: string
let out: string
/** A manifest entry as the last build recorded it, to build journals that are right but for one thing. */
let entry: Record<string, unknown>

beforeAll(async () => {
  dir = tempProject({'decks/b.md': source('B 0'), 'decks/c.md': source('C 0'), 'secret.txt': 'outside out/'})
  out = path.join(dir, 'out')
  const first = await runBuild(dir)
  expect(first.code, first.stderr).toBe(0)
  entry = JSON.parse(fs.readFileSync(path.join(out, '.briefdeck/manifest.json'), 'utf8')).briefs.b
})

/** A stage with one file, as a build leaves it, so that a move from it could be applied. */
function stageWithFile(): string {
  const stage = `${STAGING_DIR}/b-test-${Math.random().toString(36).slice(2, 8)}`
  fs.mkdirSync(path.join(out, stage), {recursive: true})
  fs.writeFileSync(path.join(out, stage, 'x.txt'), 'staged')
  return stage
}

const good = (stage: string) => ({slug: 'b', stage, moves: [], stale: [], entry})

const SHAPES: Array<[string, () => string]> = [
  ['null', () => 'null'],
  ['an array', () => '[]'],
  ['a number', () => '42'],
  ['a string', () => '"b"'],
  ['an empty object', () => '{}'],
  ['not JSON', () => '{"slug": "b", '],
  ['missing moves and entry', () => JSON.stringify({slug: 'b', stage: stageWithFile()})],
  ['moves of the wrong type', () => JSON.stringify({...good(stageWithFile()), moves: 'everything'})],
  ['a move that is not a pair', () => JSON.stringify({...good(stageWithFile()), moves: [['only-one']]})],
  ['stale files that are numbers', () => JSON.stringify({...good(stageWithFile()), stale: [1, 2]})],
  ['an entry without meta', () => JSON.stringify({...good(stageWithFile()), entry: {...entry, meta: undefined}})],
  ['an entry whose title is a number', () => JSON.stringify({...good(stageWithFile()), entry: {...entry, meta: {...(entry.meta as object), title: 7}}})],
  ['another brief’s slug', () => JSON.stringify({...good(stageWithFile()), slug: 'c'})],
  ['a move out of out/', () => {
    const stage = stageWithFile()
    return JSON.stringify({...good(stage), moves: [[`${stage}/x.txt`, '../escaped.txt']]})
  }],
  ['a move to an absolute path', () => {
    const stage = stageWithFile()
    return JSON.stringify({...good(stage), moves: [[`${stage}/x.txt`, path.join(dir, 'escaped.txt')]]})
  }],
  ['a move from outside out/', () => JSON.stringify({...good(stageWithFile()), moves: [['../secret.txt', 'b/stolen.txt']]})],
  ['a move onto the manifest', () => {
    const stage = stageWithFile()
    return JSON.stringify({...good(stage), moves: [[`${stage}/x.txt`, '.briefdeck/manifest.json']]})
  }],
  ['a stale file outside out/', () => JSON.stringify({...good(stageWithFile()), stale: ['../secret.txt']})],
  ['a stage outside the staging folder', () => JSON.stringify({...good('b'), moves: []})]
]

test.each(SHAPES.map(([name, make], index) => ({name, make, index})))('a journal that is $name is set aside with a warning, and the build goes on', async ({make, index}) => {
  const journals = path.join(out, JOURNAL_DIR)
  fs.mkdirSync(journals, {recursive: true})
  const text = make()
  fs.writeFileSync(path.join(journals, 'b.json'), text)
  // Something to build, so the build really publishes after setting the journal aside.
  fs.writeFileSync(path.join(dir, 'decks/b.md'), source(`B ${index + 1}`))
  const asideBefore = listing(path.join(out, SET_ASIDE_DIR))

  const result = await runBuild(dir)
  expect(result.code, result.stderr).toBe(0)
  expect(result.stderr).toMatch(/briefdeck: the journal out\/\.briefdeck\/journal\/b\.json is not one briefdeck can apply \(.+\): it was set aside, not applied, as out\/\.briefdeck\/journal-set-aside\/b-[\w-]+\.json\. If a build was stopped .*briefdeck build --force/)
  // Gone from the journal folder, kept aside as it was.
  expect(listing(journals)).toEqual([])
  const aside = listing(path.join(out, SET_ASIDE_DIR)).filter((name) => !asideBefore.includes(name))
  expect(aside).toHaveLength(1)
  expect(aside[0]).toMatch(/^b-.+\.json$/)
  expect(fs.readFileSync(path.join(out, SET_ASIDE_DIR, aside[0]), 'utf8')).toBe(text)
  // Never applied: nothing left out/, nothing came in from outside, the manifest is the build's.
  expect(fs.readFileSync(path.join(dir, 'secret.txt'), 'utf8')).toBe('outside out/')
  expect(fs.existsSync(path.join(dir, 'escaped.txt'))).toBe(false)
  expect(fs.existsSync(path.join(out, 'b', 'stolen.txt'))).toBe(false)
  expect(listing(path.join(out, STAGING_DIR))).toEqual([])
  // The outputs are this build's.
  expect(indexTitles(out)).toEqual({b: `B ${index + 1}`, c: 'C 0'})
  const manifest = JSON.parse(fs.readFileSync(path.join(out, '.briefdeck/manifest.json'), 'utf8'))
  expect(Object.keys(manifest.briefs).sort()).toEqual(['b', 'c'])
  for (const name of ['deck.html', 'handout.html', 'deck.md']) {
    expect(fs.readFileSync(path.join(out, 'b', name), 'utf8'), name).toContain(`B ${index + 1}`)
  }
})

test('once set aside, a journal is not heard of again', async () => {
  const next = await runBuild(dir)
  expect(next.code, next.stderr).toBe(0)
  expect(next.stderr).not.toContain('journal')
  expect(listing(path.join(out, SET_ASIDE_DIR))).toHaveLength(SHAPES.length)
})

test('a good journal is still rolled forward, next to a bad one that is set aside', async () => {
  fs.writeFileSync(path.join(dir, 'decks/b.md'), source('B good'))
  const built = await runBuild(dir)
  expect(built.code, built.stderr).toBe(0)
  const current = JSON.parse(fs.readFileSync(path.join(out, '.briefdeck/manifest.json'), 'utf8')).briefs.b
  // A stage with a new version of every file of b, and its journal, as a build writes them; killed after the first rename.
  const stage = `${STAGING_DIR}/b-killed`
  for (const name of current.files as string[]) {
    const target = path.join(out, stage, name.slice('b/'.length))
    fs.mkdirSync(path.dirname(target), {recursive: true})
    fs.writeFileSync(target, fs.readFileSync(path.join(out, name), 'utf8').replace(/B good/g, 'B rolled'))
  }
  const moves = (current.files as string[]).map((name) => [`${stage}/${name.slice('b/'.length)}`, name])
  const journals = path.join(out, JOURNAL_DIR)
  fs.mkdirSync(journals, {recursive: true})
  fs.writeFileSync(path.join(journals, 'b.json'), JSON.stringify({slug: 'b', stage, moves, stale: [], entry: current}))
  fs.renameSync(path.join(out, moves[0][0]), path.join(out, moves[0][1]))
  // And a bad journal for c.
  fs.writeFileSync(path.join(journals, 'c.json'), JSON.stringify({slug: 'c', stage: `${STAGING_DIR}/c-x`, moves: [['../secret.txt', 'c/deck.html']], stale: [], entry: null}))

  const result = await runBuild(dir)
  expect(result.code, result.stderr).toBe(0)
  expect(result.stderr).toContain('the journal out/.briefdeck/journal/c.json is not one briefdeck can apply')
  expect(result.stderr).not.toContain('journal/b.json')
  expect(listing(journals)).toEqual([])
  // b was rolled forward: every file is the journal's version (and, unchanged since, kept).
  for (const name of ['deck.html', 'handout.html', 'deck.md']) {
    expect(fs.readFileSync(path.join(out, 'b', name), 'utf8'), name).toContain('B rolled')
  }
  expect(fs.existsSync(path.join(out, stage))).toBe(false)
  expect(fs.readFileSync(path.join(out, 'c', 'deck.html'), 'utf8')).toContain('C 0')
  expect(fs.readFileSync(path.join(dir, 'secret.txt'), 'utf8')).toBe('outside out/')
  expect(indexTitles(out)).toEqual({b: 'B good', c: 'C 0'})
})
