/**
 * How many workers a build starts: one for each BRIEFS_PER_WORKER briefs to
 * render, at least one, never more than the cores (or the `threads` given).
 * A worker's start-up costs about a second of a core, which a few briefs
 * never win back.
 */
import {afterEach, expect, test} from 'vitest'
import {BRIEFS_PER_WORKER, createBriefRunner, type BriefRunner} from '../src/pipeline/brief-runner.js'
import {resolveOptions} from '../src/options.js'
import {tempProject} from './helpers.js'

const runners: BriefRunner[] = []
const runner = (threads: number): BriefRunner => {
  const made = createBriefRunner({options: resolveOptions({root: tempProject({})}), threads})
  runners.push(made)
  return made
}
afterEach(async () => {
  await Promise.all(runners.splice(0).map((each) => each.close()))
})

test.each([
  [1, 4, 1],
  [BRIEFS_PER_WORKER - 1, 4, 1],
  [2 * BRIEFS_PER_WORKER, 4, 2],
  [3 * BRIEFS_PER_WORKER + 5, 4, 3],
  [1000, 4, 4],
  [1000, 2, 2]
])('%i briefs to render on %i cores: %i workers', (briefs, cores, workers) => {
  const made = runner(cores)
  made.warm({briefs})
  expect(made.threads).toBe(workers)
})

test('a runner used without warm(), as serve may, renders on every core it was given', () => {
  expect(runner(3).threads).toBe(3)
})
