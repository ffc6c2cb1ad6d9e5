/**
 * A build killed with SIGKILL at random moments never leaves a half-written
 * output, never touches files the build did not write, and what it left
 * half-published is rolled forward by the next build.
 */
import {spawn} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {expect, test} from 'vitest'
import {JOURNAL_DIR, recover} from '../src/publish/journal.js'
import {REPO, tempProject} from './helpers.js'

const BIN = path.join(REPO, 'dist', 'cli', 'bin.js')
const BRIEFS = 6
const KILLS = Number(process.env.KILL_RUNS ?? 25)

function source(version: number, index: number): string {
  return `---\ntitle: "Brief ${index} VERSION-${version}"\n---\n\n## First\n\n![Picture](images/p${index}.svg)\n\nVERSION-${version}\n\n---\n\n## Second\n\n${'A longer paragraph of the brief. '.repeat(200)}\n\nVERSION-${version}\n`
}

/** A tiny seeded random generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
}

/**
 * Runs a build; kills it `killAfterMs` after it starts, or, with `killOnPublish`,
 * as soon as the first brief's new version shows up in out/ (so that the kill
 * lands while the other briefs are still being built, however fast the machine).
 */
function runBuild(dir: string, killAfterMs?: number, killOnPublish?: {version: number; delayMs: number}): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'build'], {cwd: dir, stdio: 'ignore'})
    const kill = () => child.kill('SIGKILL')
    const timer = killAfterMs === undefined ? undefined : setTimeout(kill, killAfterMs)
    const poll = killOnPublish === undefined
      ? undefined
      : setInterval(() => {
          for (let index = 0; index < BRIEFS; index++) {
            let text = ''
            try {
              text = fs.readFileSync(path.join(dir, 'out', `b${index}`, 'deck.md'), 'utf8')
            } catch {}
            if (versionOf(text) === String(killOnPublish.version)) {
              clearInterval(poll)
              setTimeout(kill, killOnPublish.delayMs)
              return
            }
          }
        }, 1)
    child.on('exit', () => {
      clearTimeout(timer)
      clearInterval(poll)
      resolve()
    })
  })
}

const versionOf = (text: string) => /VERSION-(\d+)/.exec(text)?.[1]

test('killing builds at random moments leaves complete outputs, old or new, and other files untouched', {timeout: 240_000}, async () => {
  const files: Record<string, string> = {}
  for (let index = 0; index < BRIEFS; index++) {
    files[`decks/b${index}.md`] = source(0, index)
    files[`decks/images/p${index}.svg`] = `<svg xmlns="http://www.w3.org/2000/svg"><text>${index}</text></svg>`
  }
  const dir = tempProject(files)
  await runBuild(dir)
  // How long a whole build takes here, so that the kills spread over it on a fast or a slow machine.
  for (let index = 0; index < BRIEFS; index++) fs.writeFileSync(path.join(dir, `decks/b${index}.md`), source(0, index).replace('First', 'Start'))
  const started = Date.now()
  await runBuild(dir)
  const fullBuildMs = Date.now() - started
  const out = path.join(dir, 'out')
  fs.writeFileSync(path.join(out, 'keep.txt'), 'the user’s file')
  fs.writeFileSync(path.join(out, 'b0', 'notes.txt'), 'the user’s notes')
  const next = random(20261123)
  let mixedWithJournal = 0
  /** Rounds killed in the middle of building: some briefs new, some still old. */
  let midBuild = 0
  for (let round = 1; round <= KILLS; round++) {
    for (let index = 0; index < BRIEFS; index++) fs.writeFileSync(path.join(dir, `decks/b${index}.md`), source(round, index))
    // Half the rounds are killed at a random moment of the build (before it writes anything, or after);
    // the other half just after the first brief is published.
    if (round % 2 === 1) await runBuild(dir, Math.floor(fullBuildMs * (0.2 + next() * 0.9)))
    else await runBuild(dir, undefined, {version: round, delayMs: Math.floor(next() * 5)})
    for (let index = 0; index < BRIEFS; index++) {
      const versions = new Set<string | undefined>()
      for (const name of ['deck.html', 'handout.html', 'deck.md']) {
        const file = path.join(out, `b${index}`, name)
        expect(fs.existsSync(file), `round ${round}: ${file}`).toBe(true)
        const text = fs.readFileSync(file, 'utf8')
        // Complete, never truncated: every file is whole.
        if (name.endsWith('.html')) expect(text.trimEnd().endsWith('</html>'), `round ${round}: ${file}`).toBe(true)
        else expect(text.trimEnd().endsWith(`VERSION-${versionOf(text)}`), `round ${round}: ${file}`).toBe(true)
        versions.add(versionOf(text))
      }
      expect(fs.readFileSync(path.join(out, `b${index}`, 'assets/decks/images', `p${index}.svg`), 'utf8')).toContain('<svg')
      if (versions.size > 1) {
        // Only possible inside a publish the journal records, which the next build finishes.
        expect(fs.existsSync(path.join(out, JOURNAL_DIR, `b${index}.json`)), `round ${round}: b${index} mixed without a journal`).toBe(true)
        mixedWithJournal++
      }
    }
    expect(fs.readFileSync(path.join(out, 'keep.txt'), 'utf8')).toBe('the user’s file')
    expect(fs.readFileSync(path.join(out, 'b0', 'notes.txt'), 'utf8')).toBe('the user’s notes')
    // What the next build does first: roll forward; then every brief is all old or all new.
    recover(out)
    const roundVersions = new Set(Array.from({length: BRIEFS}, (_, index) => versionOf(fs.readFileSync(path.join(out, `b${index}`, 'deck.md'), 'utf8'))))
    if (roundVersions.size > 1) midBuild++
    for (let index = 0; index < BRIEFS; index++) {
      const versions = new Set(['deck.html', 'handout.html', 'deck.md'].map((name) => versionOf(fs.readFileSync(path.join(out, `b${index}`, name), 'utf8'))))
      expect(versions.size, `round ${round}: b${index} after recovery`).toBe(1)
    }
  }
  // A last, complete build brings everything to the newest version.
  await runBuild(dir)
  for (let index = 0; index < BRIEFS; index++) {
    expect(versionOf(fs.readFileSync(path.join(out, `b${index}`, 'handout.html'), 'utf8'))).toBe(String(KILLS))
  }
  expect(fs.existsSync(path.join(out, JOURNAL_DIR)) ? fs.readdirSync(path.join(out, JOURNAL_DIR)) : []).toEqual([])
  expect(fs.readdirSync(path.join(out, '.briefdeck', 'staging'))).toEqual([])
  console.log(`kills: ${KILLS} over a ${fullBuildMs} ms build, killed mid-build: ${midBuild}, briefs caught mid-publish (rolled forward): ${mixedWithJournal}`)
  // The kills did land while briefs were being built, not only before or after.
  expect(midBuild).toBeGreaterThan(0)
})

test('a publish cut off between two renames is rolled forward by the next build', async () => {
  const dir = tempProject({'decks/b.md': source(1, 0), 'decks/images/p0.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>'})
  await runBuild(dir)
  const out = path.join(dir, 'out')
  const manifest = JSON.parse(fs.readFileSync(path.join(out, '.briefdeck/manifest.json'), 'utf8'))
  const entry = manifest.briefs.b
  // A stage with version 2 of every file, and its journal, as a build writes them…
  const stage = '.briefdeck/staging/b-test'
  for (const name of entry.files as string[]) {
    const target = path.join(out, stage, name.slice('b/'.length))
    fs.mkdirSync(path.dirname(target), {recursive: true})
    fs.writeFileSync(target, fs.readFileSync(path.join(out, name), 'utf8').replace(/VERSION-1/g, 'VERSION-2'))
  }
  const moves = (entry.files as string[]).map((name) => [`${stage}/${name.slice('b/'.length)}`, name])
  fs.mkdirSync(path.join(out, JOURNAL_DIR), {recursive: true})
  fs.writeFileSync(path.join(out, JOURNAL_DIR, 'b.json'), JSON.stringify({slug: 'b', stage, moves, stale: [], entry}))
  // …killed after the first rename.
  fs.renameSync(path.join(out, moves[0][0]), path.join(out, moves[0][1]))
  const versions = () => new Set(['deck.html', 'handout.html', 'deck.md'].map((name) => versionOf(fs.readFileSync(path.join(out, 'b', name), 'utf8'))))
  expect(versions().size).toBe(2)
  // The next build starts by finishing it: every file of the brief is then the new version.
  expect(recover(out).map((recovered) => recovered.slug)).toEqual(['b'])
  expect([...versions()]).toEqual(['2'])
  expect(fs.existsSync(path.join(out, stage))).toBe(false)
  // And a whole build afterwards leaves no journal behind.
  fs.writeFileSync(path.join(dir, 'decks/b.md'), source(3, 0))
  await runBuild(dir)
  expect(fs.existsSync(path.join(out, JOURNAL_DIR, 'b.json'))).toBe(false)
  expect([...versions()]).toEqual(['3'])
})
