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

const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
console.log(`briefdeck bench — ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`)
console.log(`briefs shaped like decks/russia-iran-partnership.md (13 slides, 3 images, 4 sources, 7 credits)\n`)
const width = Math.max(...rows.map(([label]) => label.length))
for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`)
console.log(`\nlast summaries: ${full.stdout} | ${again.stdout}`)
fs.rmSync(project, {recursive: true, force: true})
