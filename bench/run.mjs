#!/usr/bin/env node
/**
 * npm run bench: how long briefdeck takes, on generated briefs shaped like the
 * seed brief. Prints a table; it asserts nothing (speed is measured here, never
 * in tests).
 *
 *   cold build, one brief      whole process: node start, load, build, write
 *   build of 200 briefs        whole process, empty out/
 *   rebuild, nothing changed   whole process, same 200 briefs
 *   serve: save → page written median of 20 saves of one brief
 *   bibliography               a brief citing a 200-entry .bib in Chicago notes,
 *                              against the same brief with inline ::source (house style)
 */
import {spawn, spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const BIN = path.join(REPO, 'dist', 'cli', 'bin.js')
const SEED = fs.readFileSync(path.join(REPO, 'decks', 'russia-iran-partnership.md'), 'utf8')
const BRIEFS = Number(process.env.BENCH_BRIEFS ?? 200)
const SAVES = Number(process.env.BENCH_SAVES ?? 20)

const project = fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-bench-'))
fs.mkdirSync(path.join(project, 'decks', 'images'), {recursive: true})
for (const image of fs.readdirSync(path.join(REPO, 'decks', 'images'))) {
  fs.copyFileSync(path.join(REPO, 'decks', 'images', image), path.join(project, 'decks', 'images', image))
}
const name = (i) => `brief-${String(i).padStart(3, '0')}`
for (let i = 0; i < BRIEFS; i++) {
  const source = SEED.replace(/^title: "(.*)"$/m, `title: "$1 (${i})"`).replace('## Why allies hesitate', `## Why allies hesitate (${i})`)
  fs.writeFileSync(path.join(project, 'decks', `${name(i)}.md`), source)
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
const ms = (value) => `${value.toFixed(0)} ms`

function timeCommand(args) {
  const started = process.hrtime.bigint()
  const result = spawnSync(process.execPath, [BIN, ...args], {cwd: project, encoding: 'utf8', env: {...process.env, CI: '1'}})
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6
  if (result.status !== 0) throw new Error(`briefdeck ${args.join(' ')} failed:\n${result.stderr}`)
  return {elapsed, stdout: result.stdout.trim()}
}

const rows = []
// 1. Cold build of one brief, five times (each a new process, nothing reused).
const cold = []
for (let run = 0; run < 5; run++) cold.push(timeCommand(['build', `decks/${name(0)}.md`, '--out', 'out-one', '--force']).elapsed)
rows.push(['cold build, one brief (median of 5)', ms(median(cold))])

// 2. All briefs into an empty out/.
const full = timeCommand(['build', '--out', 'out'])
rows.push([`build of ${BRIEFS} briefs`, `${ms(full.elapsed)} (${(full.elapsed / BRIEFS).toFixed(1)} ms a brief)`])

// 3. The same again: nothing changed.
const again = timeCommand(['build', '--out', 'out'])
rows.push([`rebuild of ${BRIEFS} briefs, nothing changed`, ms(again.elapsed)])

// 4. serve: from a save to the rebuilt page on disk.
const server = spawn(process.execPath, [BIN, 'serve', '--out', 'out', '--port', '0'], {cwd: project, env: {...process.env, CI: '1'}})
let log = ''
server.stdout.on('data', (chunk) => (log += chunk))
server.stderr.on('data', (chunk) => (log += chunk))
const until = async (check, timeout = 60_000) => {
  const started = Date.now()
  while (!check()) {
    if (Date.now() - started > timeout) throw new Error(`timed out; serve said:\n${log.split("\n").filter((line) => !line.includes("warning")).join("\n")}`)
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}
await until(() => log.includes('Serving'))
const brief = path.join(project, 'decks', `${name(1)}.md`)
const page = path.join(project, 'out', name(1), 'deck.html')
const saves = []
for (let save = 0; save < SAVES; save++) {
  const marker = `Save number ${save}.`
  const before = fs.readFileSync(brief, 'utf8').replace(/\nSave number \d+\.\n$/, '\n')
  const started = process.hrtime.bigint()
  fs.writeFileSync(brief, `${before}\nSave number ${save}.\n`)
  await until(() => {
    try {
      return fs.readFileSync(page, 'utf8').includes(marker)
    } catch {
      return false
    }
  })
  saves.push(Number(process.hrtime.bigint() - started) / 1e6)
  await new Promise((resolve) => setTimeout(resolve, 250))
}
server.kill('SIGINT')
rows.push([`serve: save → rebuilt page written (median of ${SAVES})`, `${ms(median(saves))} (min ${ms(Math.min(...saves))}, max ${ms(Math.max(...saves))})`])

// 5. A 200-entry bibliography in a note style, against inline sources in the house style.
const TYPES = ['report', 'book', 'article', 'online', 'incollection']
const entries = Array.from({length: 200}, (_, i) => {
  const type = TYPES[i % TYPES.length]
  const fields = [`title = {Study {NATO} number ${i} on deterrence}`, `author = {Author${i}, Ann and Writer${i}, Bob}`, `date = {${2000 + (i % 24)}-0${1 + (i % 9)}}`]
  if (type === 'article') fields.push(`journaltitle = {Journal ${i % 7}}`, `volume = {${i}}`, `pages = {${i}--${i + 9}}`)
  if (type === 'report') fields.push(`institution = {Institute ${i % 11}}`, `url = {https://example.org/r/${i}}`)
  if (type === 'book' || type === 'incollection') fields.push(`publisher = {Press ${i % 5}}`, `location = {City}`)
  if (type === 'incollection') fields.push(`booktitle = {Handbook ${i % 3}}`)
  if (type === 'online') fields.push(`url = {https://example.org/o/${i}}`, `urldate = {2024-05-01}`)
  return `@${type}{ref${i},\n  ${fields.join(',\n  ')}\n}`
})
const bibProject = fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-bench-bib-'))
fs.mkdirSync(path.join(bibProject, 'decks'), {recursive: true})
fs.writeFileSync(path.join(bibProject, 'decks', 'library.bib'), entries.join('\n\n'))
const cited = Array.from({length: 12}, (_, i) => i * 16)
const paragraphs = (cite) => cited.map((n, i) => `${i % 4 === 0 ? '\n---\n\n## Part ' + i + '\n\n' : ''}Claim ${i} about deterrence and alliances ${cite(n, i)}.\n`).join('\n')
fs.writeFileSync(
  path.join(bibProject, 'decks', 'notes.md'),
  `---\ntitle: Bibliography brief\nbibliography: library.bib\ncitationStyle: chicago-notes-bibliography\n---\n\n${paragraphs((n, i) => `:cite[ref${n}${i % 3 === 0 ? ', p. ' + (i + 3) : ''}]`)}`
)
fs.writeFileSync(
  path.join(bibProject, 'decks', 'inline.md'),
  `---\ntitle: Inline brief\n---\n\n${paragraphs((n, i) => `:cite[ref${n}]${i % 3 === 0 ? '{loc="p. ' + (i + 3) + '"}' : ''}`)}\n\n${cited
    .map((n) => `::source{#ref${n} title="Study NATO number ${n} on deterrence" author="Ann Author${n}" publisher="Institute ${n % 11}" date=${2000 + (n % 24)}-0${1 + (n % 9)}}`)
    .join('\n')}\n`
)
const timeIn = (dir, args) => {
  const started = process.hrtime.bigint()
  const result = spawnSync(process.execPath, [BIN, ...args], {cwd: dir, encoding: 'utf8', env: {...process.env, CI: '1'}})
  if (result.status !== 0) throw new Error(`briefdeck ${args.join(' ')} failed:\n${result.stderr}`)
  return Number(process.hrtime.bigint() - started) / 1e6
}
const notesRuns = []
const inlineRuns = []
for (let run = 0; run < 5; run++) {
  notesRuns.push(timeIn(bibProject, ['build', 'decks/notes.md', '--out', 'out-notes', '--force']))
  inlineRuns.push(timeIn(bibProject, ['build', 'decks/inline.md', '--out', 'out-inline', '--force']))
}
const notesMedian = median(notesRuns)
const inlineMedian = median(inlineRuns)
rows.push(['one brief, 200-entry .bib, Chicago notes (median of 5)', ms(notesMedian)])
rows.push(['one brief, inline ::source, house style (median of 5)', `${ms(inlineMedian)} (bibliography costs ${(notesMedian / inlineMedian).toFixed(2)}×)`])
fs.rmSync(bibProject, {recursive: true, force: true})

const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
console.log(`briefdeck bench — ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`)
console.log(`briefs shaped like decks/russia-iran-partnership.md (13 slides, 3 images, 4 sources, 7 credits)\n`)
const width = Math.max(...rows.map(([label]) => label.length))
for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`)
console.log(`\nlast summaries: ${full.stdout} | ${again.stdout}`)
fs.rmSync(project, {recursive: true, force: true})
