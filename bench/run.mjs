#!/usr/bin/env node
/**
 * npm run bench: briefdeck side by side with stock marp-cli, on generated
 * briefs (bench/generate.mjs) that vary in size and features. Every figure is
 * a whole process (Node start, load, build, write) and a median of several
 * runs; each row prints the goal of issue 14 and whether this run met it. It
 * asserts nothing and exits 0 whatever the figures: speed is measured here,
 * never in tests.
 *
 *   one brief, cold       briefdeck: deck + deck.md + handout + index; marp-cli: that deck.md → HTML
 *   N briefs              empty out/; marp-cli -I on the N deck.md briefdeck wrote
 *   M briefs with PDFs    briefdeck: deck.pdf + handout.pdf; marp-cli --pdf on the M deck.md
 *   1000 briefs           time and peak RSS (main thread and workers: one process)
 *   rebuild, no change    against the full build of N
 *   serve                 a save → the rebuilt deck.html on disk, median of 20 saves
 *   bibliography          a 200-entry .bib in Chicago notes against inline ::source
 *
 * Beside the four rows that compare with marp-cli or a fixed time, the floor
 * (bench/floor.mjs): the same briefs through the required stack alone
 * (remark-parse with the brief's syntax, stock marp-core), or Chromium
 * printing the same pages alone, and whether even that meets the goal.
 *
 * BENCH_SCALE=small runs every row on a few briefs (what the test of this script uses).
 */
import {spawn, spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {briefName, writeProject} from './generate.mjs'
import {bibliographyProject} from './bibliography.mjs'
import {bundleFloor, floorMany, floorOne, floorPdfs} from './floor.mjs'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const BIN = path.join(REPO, 'dist', 'cli', 'bin.js')
const MARP = path.join(REPO, 'node_modules', '@marp-team', 'marp-cli', 'marp-cli.js')
const RSS = path.join(REPO, 'bench', 'peak-rss.mjs')
const small = process.env.BENCH_SCALE === 'small'
const SIZES = small ? {many: 6, pdf: 2, huge: 12, runs: 2, saves: 3} : {many: 200, pdf: 20, huge: 1000, runs: 3, saves: 20}
const CHROME = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((file) => fs.existsSync(file))
const ENV = {...process.env, CI: '1', ...(CHROME ? {CHROME_PATH: CHROME} : {})}
const THEMES = path.join(REPO, 'themes')
/** The browser flags briefdeck prints with (bench runs after `npm run build`). */
const {BROWSER_ARGS} = await import(path.join(REPO, 'dist', 'browser', 'session.js'))
const CORES = os.availableParallelism()
/** Runs of the cold row, each of briefdeck, marp-cli and the floor in turn (after one of briefdeck that writes the deck.md). */
const COLD_RUNS = small ? 2 : 9

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
const seconds = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`)

/** Run a whole process; its time in ms and peak RSS in MiB. */
function timed(command, args, cwd) {
  const report = path.join(os.tmpdir(), `briefdeck-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`)
  const started = process.hrtime.bigint()
  const result = spawnSync(process.execPath, ['--import', RSS, command, ...args], {cwd, encoding: 'utf8', env: {...ENV, BENCH_RSS_FILE: report}})
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`)
  const rss = fs.existsSync(report) ? Number(fs.readFileSync(report, 'utf8')) / 1024 : NaN
  fs.rmSync(report, {force: true})
  return {ms, rss, stdout: result.stdout.trim()}
}
const briefdeck = (args, cwd) => timed(BIN, args, cwd)
const marp = (args, cwd) => timed(MARP, ['--no-stdin', '--no-config-file', '--theme-set', path.join(REPO, 'themes'), ...args], cwd)
/** Median of `runs` runs of `run`, each after `before`. */
function medianOf(runs, run, before = () => {}) {
  const results = []
  for (let i = 0; i < runs; i++) {
    before()
    results.push(run())
  }
  return {ms: median(results.map((result) => result.ms)), rss: Math.max(...results.map((result) => result.rss)), last: results.at(-1)}
}
const fresh = (dir) => fs.rmSync(dir, {recursive: true, force: true})

const rows = []
/**
 * One row: what, briefdeck's figure, marp-cli's (if any), the ratio or figure
 * the goal is on, the goal and whether it holds; then the floor's figure (if
 * measured) and whether the floor itself holds the goal.
 */
function row(what, ours, theirs, goal, floor) {
  const ratio = theirs === undefined ? undefined : ours / theirs
  const value = goal.on === 'ratio' ? ratio : goal.on === 'ms' ? ours : goal.value
  // Against a time goal the floor is a time only (it measures no memory).
  const floorValue = floor === undefined ? undefined : goal.on === 'ratio' ? floor / theirs : floor
  rows.push({
    what,
    ours: seconds(ours) + (goal.extra ?? ''),
    theirs: theirs === undefined ? '' : seconds(theirs),
    ratio: ratio === undefined ? '' : `${ratio.toFixed(2)}×`,
    goal: goal.text,
    met: goal.met ?? value <= goal.limit,
    floor: floor === undefined ? '' : seconds(floor) + (goal.on === 'ratio' ? ` (${floorValue.toFixed(2)}×)` : ' (time only)'),
    floorMet: floor === undefined ? undefined : floorValue <= goal.limit
  })
}
/** Each brief of `dir` and the deck.md briefdeck wrote for it. */
const pairsOf = (dir, count) =>
  Array.from({length: count}, (_, i) => [path.join(dir, 'decks', `${briefName(i)}.md`), path.join(dir, 'out', briefName(i), 'deck.md')])

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-bench-'))
const floorScript = await bundleFloor(REPO, work)
const project = path.join(work, 'many')
writeProject(project, SIZES.many, REPO)
console.error(`bench: ${SIZES.many} generated briefs in ${project}`)

// 1. One brief, cold: briefdeck's whole build of it, against marp-cli on the deck.md briefdeck wrote, and the floor.
// Runs of the three take turns, so that a machine that slows down or speeds up during the row does so for each of them.
const one = path.join(project, 'out-one')
const oneDeck = path.join(one, briefName(0), 'deck.md')
const buildOne = () => briefdeck(['build', `decks/${briefName(0)}.md`, '--out', 'out-one', '--force'], project)
buildOne()
const coldRuns = {ours: [], theirs: [], floor: []}
for (let i = 0; i < COLD_RUNS; i++) {
  coldRuns.ours.push(buildOne().ms)
  coldRuns.theirs.push(marp(['-o', path.join(work, 'marp-one.html'), oneDeck], project).ms)
  coldRuns.floor.push(await floorOne(floorScript, {brief: path.join(project, 'decks', `${briefName(0)}.md`), deck: oneDeck, out: path.join(work, 'floor-one.html'), themes: THEMES}))
}
row('one brief, cold process', median(coldRuns.ours), median(coldRuns.theirs), {on: 'ratio', limit: 0.8, text: '≤ 0.8× marp-cli'}, median(coldRuns.floor))

// 2. Every brief into an empty out/, against marp-cli -I on the same decks, and the floor in one process and in one
// per core (the lower median counts). Runs take turns, as in the cold row.
const out = path.join(project, 'out')
const marpOut = path.join(work, 'marp-many')
const manyRuns = {ours: [], theirs: [], floorOne: [], floorCores: []}
for (let i = 0; i < SIZES.runs; i++) {
  fresh(out)
  const built = briefdeck(['build', '--out', 'out'], project)
  manyRuns.ours.push(built.ms)
  manyRuns.summary = built.stdout
  fresh(marpOut)
  manyRuns.theirs.push(marp(['-I', out, '-o', marpOut], project).ms)
  const floorRun = (processes) => floorMany(floorScript, {pairs: pairsOf(project, SIZES.many), themes: THEMES, processes, work})
  manyRuns.floorOne.push(await floorRun(1))
  if (CORES > 1) manyRuns.floorCores.push(await floorRun(CORES))
}
const full = {ms: median(manyRuns.ours), last: {stdout: manyRuns.summary}}
const manyFloor = Math.min(median(manyRuns.floorOne), CORES > 1 ? median(manyRuns.floorCores) : Infinity)
row(`${SIZES.many} briefs`, full.ms, median(manyRuns.theirs), {on: 'ratio', limit: 0.5, text: '≤ 0.5× marp-cli -I'}, manyFloor)

// 3. The same again with nothing changed, against the full build.
const again = medianOf(SIZES.runs, () => briefdeck(['build', '--out', 'out'], project))
row(`rebuild of ${SIZES.many}, nothing changed`, again.ms, undefined, {on: 'ratio-of-full', value: again.ms / full.ms, limit: 0.03, text: '≤ 0.03× the full build', extra: ` (${(again.ms / full.ms).toFixed(3)}× the full build)`})

// 4. Briefs with PDFs (deck and handout), against marp-cli --pdf on their decks.
if (CHROME) {
  const pdfProject = path.join(work, 'pdf')
  writeProject(pdfProject, SIZES.pdf, REPO)
  const pdfOut = path.join(pdfProject, 'out')
  const withPdf = medianOf(SIZES.runs, () => briefdeck(['build', '--pdf', '--out', 'out'], pdfProject), () => fresh(pdfOut))
  const marpPdfOut = path.join(work, 'marp-pdf')
  const marpPdf = medianOf(SIZES.runs, () => marp(['--pdf', '--allow-local-files', '-I', pdfOut, '-o', marpPdfOut], pdfProject), () => fresh(marpPdfOut))
  // The floor: Chromium printing the pages briefdeck wrote (deck and handout of each brief), one and two at a time.
  const pages = Array.from({length: SIZES.pdf}, (_, i) => ['deck', 'handout'].map((name) => path.join(pdfOut, briefName(i), `${name}.html`))).flat()
  const printFloor = async (at) => {
    const results = []
    for (let i = 0; i < SIZES.runs; i++) results.push(await floorPdfs({chrome: CHROME, files: pages, pages: at, args: BROWSER_ARGS}))
    return median(results)
  }
  const pdfFloor = Math.min(await printFloor(1), await printFloor(2))
  row(`${SIZES.pdf} briefs with PDFs`, withPdf.ms, marpPdf.ms, {on: 'ratio', limit: 0.5, text: '≤ 0.5× marp-cli --pdf'}, pdfFloor)
} else rows.push({what: `${SIZES.pdf} briefs with PDFs`, ours: 'no Chromium found', theirs: '', ratio: '', goal: '≤ 0.5× marp-cli --pdf', met: undefined})

// 5. A thousand briefs: time and peak memory.
const hugeProject = path.join(work, 'huge')
writeProject(hugeProject, SIZES.huge, REPO)
const huge = briefdeck(['build', '--out', 'out'], hugeProject)
const hugeFloor = Math.min(
  await floorMany(floorScript, {pairs: pairsOf(hugeProject, SIZES.huge), themes: THEMES, processes: 1, work}),
  CORES > 1 ? await floorMany(floorScript, {pairs: pairsOf(hugeProject, SIZES.huge), themes: THEMES, processes: CORES, work}) : Infinity
)
fresh(hugeProject)
const hugeLimit = small ? Infinity : 8000
row(`${SIZES.huge} briefs`, huge.ms, undefined, {
  on: 'ms',
  limit: hugeLimit,
  text: '≤ 8 s, peak RSS ≤ 400 MiB',
  extra: `, peak RSS ${huge.rss.toFixed(0)} MiB`,
  met: huge.ms <= hugeLimit && huge.rss <= 400
}, hugeFloor)

// 6. serve: from a save to the rebuilt page on disk.
const saves = await serveSaves(project, SIZES.saves)
row(`serve: save → page written (median of ${SIZES.saves})`, median(saves), undefined, {on: 'ms', limit: 50, text: '≤ 50 ms', extra: ` (min ${seconds(Math.min(...saves))}, max ${seconds(Math.max(...saves))})`})

// 7. A 200-entry bibliography in a note style, against inline sources.
const bib = bibliographyProject(path.join(work, 'bib'))
const notes = medianOf(5, () => briefdeck(['build', 'decks/notes.md', '--out', 'out-notes', '--force'], bib))
const inline = medianOf(5, () => briefdeck(['build', 'decks/inline.md', '--out', 'out-inline', '--force'], bib))
row('one brief, 200-entry .bib, Chicago notes', notes.ms, undefined, {
  on: 'ratio-of-inline',
  value: notes.ms / inline.ms,
  limit: 2,
  text: '≤ 2× inline ::source',
  extra: ` (${(notes.ms / inline.ms).toFixed(2)}× the same brief with inline sources, ${seconds(inline.ms)})`
})
fs.rmSync(work, {recursive: true, force: true})

const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
const marpVersion = JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', '@marp-team', 'marp-cli', 'package.json'), 'utf8')).version
console.log(`briefdeck bench: ${os.availableParallelism()} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, marp-cli ${marpVersion}${small ? ' (BENCH_SCALE=small)' : ''}`)
console.log(`generated briefs: 10–15 slides, quotes, figures, tables, 6–12 sources, notes; medians of ${SIZES.runs} (cold: ${COLD_RUNS}; bibliography: 5) whole processes, briefdeck's, marp-cli's and the floor's runs taking turns in the first two rows\n`)
const header = ['what', 'briefdeck', 'marp-cli', 'ratio', 'goal', 'met', 'floor', 'floor meets goal']
const yesNo = (value) => (value === undefined ? '' : value ? 'yes' : 'no')
const table = [
  header,
  header.map(() => '---'),
  ...rows.map((each) => [each.what, each.ours, each.theirs, each.ratio, each.goal, each.met === undefined ? '?' : yesNo(each.met), each.floor ?? '', yesNo(each.floorMet)])
]
for (const line of table) console.log(`| ${line.join(' | ')} |`)
console.log(`\nlast summaries: ${full.last.stdout} | ${again.last.stdout}`)

/** Start `briefdeck serve`, save one brief `count` times, and time each save to its page on disk. */
async function serveSaves(dir, count) {
  const server = spawn(process.execPath, [BIN, 'serve', '--out', 'out', '--port', '0'], {cwd: dir, env: ENV})
  let log = ''
  server.stdout.on('data', (chunk) => (log += chunk))
  server.stderr.on('data', (chunk) => (log += chunk))
  const until = async (check, timeout = 60_000) => {
    const started = Date.now()
    while (!check()) {
      if (Date.now() - started > timeout) throw new Error(`timed out; serve said:\n${log}`)
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
  }
  try {
    await until(() => log.includes('Serving'))
    const brief = path.join(dir, 'decks', `${briefName(1)}.md`)
    const page = path.join(dir, 'out', briefName(1), 'deck.html')
    const original = fs.readFileSync(brief, 'utf8')
    const times = []
    for (let save = 0; save < count; save++) {
      const marker = `Save number ${save}.`
      const started = process.hrtime.bigint()
      fs.writeFileSync(brief, original.replace(/\n(## [^\n]*\n)/, `\n$1\n${marker}\n`))
      // The page is read only when it changed on disk, so that watching it takes little from the server it times.
      let seen = ''
      await until(() => {
        try {
          const stat = fs.statSync(page)
          const version = `${stat.ino}:${stat.mtimeMs}:${stat.size}`
          if (version === seen) return false
          seen = version
          return fs.readFileSync(page, 'utf8').includes(marker)
        } catch {
          return false
        }
      })
      times.push(Number(process.hrtime.bigint() - started) / 1e6)
      await new Promise((resolve) => setTimeout(resolve, 300))
    }
    return times
  } finally {
    server.kill('SIGINT')
  }
}
