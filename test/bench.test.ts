/**
 * `npm run bench` (the README's Speed section): the script runs to the end on a
 * few briefs and prints every goal, each with briefdeck's figure, marp-cli's
 * beside it where there is one, the ratio and whether it was met. Figures are
 * never asserted: speed is measured by the script, not by tests.
 */
import {execFile} from 'node:child_process'
import path from 'node:path'
import {promisify} from 'node:util'
import {expect, test} from 'vitest'
import {REPO} from './helpers.js'

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
  expect(header).toEqual(['what', 'briefdeck', 'marp-cli', 'ratio', 'goal', 'met'])
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
    const seconds = (value: string) => Number.parseFloat(value) * (value.endsWith(' s') ? 1000 : 1)
    expect(Number.parseFloat(ratio)).toBeCloseTo(seconds(ours) / seconds(theirs), 1)
  }
  expect(byGoal.get('≤ 8 s, peak RSS ≤ 400 MiB')![1]).toMatch(/peak RSS \d+ MiB/)
})
