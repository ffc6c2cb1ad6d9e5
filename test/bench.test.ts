/**
 * `npm run bench` (the README's Speed section): the script runs to the end on a
 * few briefs and prints every goal, each with briefdeck's figure, marp-cli's
 * beside it where there is one, the ratio and whether it was met. Figures are
 * never asserted: speed is measured by the script, not by tests.
 */
import {execFile} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'
import {fromHtml} from 'hast-util-from-html'
import {expect, test} from 'vitest'
import {build} from '../src/pipeline/build.js'
import {REPO, slides, slideText} from './helpers.js'
// @ts-expect-error: plain JavaScript, no types
import {bundleFloor, floorMany, floorOne} from '../bench/floor.mjs'
// @ts-expect-error: plain JavaScript, no types
import {briefName, writeProject} from '../bench/generate.mjs'

/** A figure as the bench prints it ("868 ms", "1.53 s", "1.05 s (0.80×)"), in ms. */
function seconds(value: string): number {
  const [, number, unit] = /^(\d+(?:\.\d+)?) (ms|s)\b/.exec(value) ?? []
  return Number.parseFloat(number) * (unit === 's' ? 1000 : 1)
}

test('the bench prints each goal with briefdeck and marp-cli side by side, and exits 0', {timeout: 600_000}, async () => {
  const {stdout} = await promisify(execFile)(process.execPath, [path.join(REPO, 'bench', 'run.mjs')], {
    cwd: REPO,
    env: {...process.env, BENCH_SCALE: 'small'},
    maxBuffer: 16 * 1024 * 1024
  })
  const rows = stdout
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
    .map((line) => line.slice(2, -2).split(' | '))
  const [header, ...goals] = rows
  expect(header).toEqual(['what', 'briefdeck', 'marp-cli', 'ratio', 'goal', 'met', 'floor', 'floor meets goal'])
  const byGoal = new Map(goals.map((row) => [row[4], row]))
  expect([...byGoal.keys()]).toEqual([
    '≤ 0.8× marp-cli',
    '≤ 0.5× marp-cli -I',
    '≤ 0.03× the full build',
    '≤ 0.5× marp-cli --pdf',
    '≤ 8 s, peak RSS ≤ 400 MiB',
    '≤ 50 ms',
    '≤ 2× inline ::source'
  ])
  const figure = /^\d+(\.\d+)? (ms|s)\b/
  for (const row of goals) {
    expect(row[1], row[0]).toMatch(figure)
    expect(row[5], row[0]).toMatch(/^(yes|no)$/)
  }
  // Where marp-cli does the same work, its time and the ratio are beside briefdeck's.
  for (const goal of ['≤ 0.8× marp-cli', '≤ 0.5× marp-cli -I', '≤ 0.5× marp-cli --pdf']) {
    const [, ours, theirs, ratio] = byGoal.get(goal)!
    expect(theirs).toMatch(figure)
    expect(Number.parseFloat(ratio)).toBeCloseTo(seconds(ours) / seconds(theirs), 1)
  }
  expect(byGoal.get('≤ 8 s, peak RSS ≤ 400 MiB')![1]).toMatch(/peak RSS \d+ MiB/)
  // The floor (the required stack alone, or Chromium printing alone) beside the rows that have one, with its ratio where
  // the goal is one.
  for (const goal of ['≤ 0.8× marp-cli', '≤ 0.5× marp-cli -I', '≤ 0.5× marp-cli --pdf', '≤ 8 s, peak RSS ≤ 400 MiB']) {
    const row = byGoal.get(goal)!
    expect(row[6], goal).toMatch(figure)
    expect(row[7], goal).toMatch(/^(yes|no)$/)
    if (row[2]) {
      const [, ratio] = /\(([\d.]+)×\)$/.exec(row[6]) ?? []
      expect(Number.parseFloat(ratio), goal).toBeCloseTo(seconds(row[6]) / seconds(row[2]), 1)
    }
  }
  for (const goal of ['≤ 0.03× the full build', '≤ 50 ms', '≤ 2× inline ::source']) expect(byGoal.get(goal)!.slice(6), goal).toEqual(['', ''])
})

test('the floor does the work it stands for: it renders the slides stock marp-cli renders, and fails on a brief it cannot read', {timeout: 120_000}, async () => {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-floor-'))
  writeProject(project, 2, REPO)
  const result = await build({root: project, out: path.join(project, 'out')})
  expect(result.errors).toBe(0)
  const script = await bundleFloor(REPO, project)
  const themes = path.join(REPO, 'themes')
  const brief = path.join(project, 'decks', `${briefName(0)}.md`)
  const deck = path.join(project, 'out', briefName(0), 'deck.md')
  const out = path.join(project, 'floor.html')
  await floorOne(script, {brief, deck, out, themes})
  const marpHtml = path.join(project, 'marp-cli.html')
  const cli = path.join(REPO, 'node_modules', '@marp-team', 'marp-cli', 'marp-cli.js')
  await promisify(execFile)(process.execPath, [cli, '--no-stdin', '--no-config-file', '--theme-set', themes, '-o', marpHtml, deck], {cwd: project})
  const floor = slides(fromHtml(fs.readFileSync(out, 'utf8')))
  const theirs = slides(fromHtml(fs.readFileSync(marpHtml, 'utf8')))
  expect(floor.length).toBeGreaterThan(5)
  expect(floor.map(slideText)).toEqual(theirs.map(slideText))
  // Every brief of a list, shared out among processes; a missing brief is an error, not a fast floor.
  const pairs = [0, 1].map((i) => [path.join(project, 'decks', `${briefName(i)}.md`), path.join(project, 'out', briefName(i), 'deck.md')])
  expect(await floorMany(script, {pairs, themes, processes: 2, work: project})).toBeGreaterThan(0)
  await expect(floorMany(script, {pairs: [[path.join(project, 'decks', 'missing.md'), deck]], themes, processes: 1, work: project})).rejects.toThrow(/ENOENT/)
  fs.rmSync(project, {recursive: true, force: true})
})
