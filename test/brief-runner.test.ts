/**
 * How many workers a build starts: one for each BRIEFS_PER_WORKER briefs to
 * render on the cores the build's own thread leaves free, then one for each
 * BRIEFS_PER_SHARED_WORKER; at least one, never more than the cores (or the
 * `threads` given). A worker's start-up costs about a second of a core,
 * which a few briefs never win back. A build that reuses every brief starts none.
 */
import fs from 'node:fs'
import {afterEach, expect, test} from 'vitest'
import {BRIEFS_PER_SHARED_WORKER, BRIEFS_PER_WORKER, createBriefRunner, plannedWorkers, SHARED_YOUNG_MB, workerLimits, YOUNG_MB, type BriefRunner} from '../src/pipeline/brief-runner.js'
import {resolveOptions} from '../src/options.js'
import {build} from '../src/pipeline/build.js'
import {brief, tempProject} from './helpers.js'

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
  // cores, briefs to render, workers
  [2, 1, 1],
  [2, 40, 1],
  [2, 2 * BRIEFS_PER_SHARED_WORKER - 1, 1],
  [2, 2 * BRIEFS_PER_SHARED_WORKER, 2],
  [2, 1000, 2],
  [4, 5, 1],
  [4, 2 * BRIEFS_PER_WORKER, 2],
  [4, 40, 3],
  [4, 4 * BRIEFS_PER_SHARED_WORKER - 1, 3],
  [4, 4 * BRIEFS_PER_SHARED_WORKER, 4],
  [16, 1000, 8],
  [1, 1000, 1]
])('on %i cores, %i briefs to render: %i workers', (cores, briefs, workers) => {
  expect(plannedWorkers(briefs, Math.min(8, cores), cores)).toBe(workers)
})

test('a runner warmed for its briefs plans its workers by them, within the threads it was given', () => {
  const made = runner(2)
  made.warm({briefs: 1})
  expect(made.threads).toBe(1)
  const more = runner(2)
  more.warm({briefs: 1000})
  expect(more.threads).toBe(plannedWorkers(1000, 2))
  expect(more.threads).toBeLessThanOrEqual(2)
})

test('a runner used without warm(), as serve may, renders on every core it was given', () => {
  expect(runner(3).threads).toBe(3)
})

test('a build that reuses every brief starts no worker; one that renders two starts one', async () => {
  const dir = tempProject({'decks/a.md': brief('## One\n\nText.\n', 'title: A'), 'decks/b.md': brief('## Two\n\nText.\n', 'title: B')})
  const real = runner(4)
  const warmed: Array<number | undefined> = []
  const spy: BriefRunner = {
    get threads() {
      return real.threads
    },
    warm: (options) => {
      warmed.push(options?.briefs)
      real.warm(options)
    },
    get renders() {
      return real.renders
    },
    render: (file, options) => real.render(file, options),
    speculate: (job) => real.speculate(job),
    forgetSpeculations: () => real.forgetSpeculations(),
    close: async () => {}
  }
  const first = await build({root: dir, runner: spy})
  expect(first.briefs.map((each) => each.ok)).toEqual([true, true])
  expect(warmed).toEqual([2])
  expect(real.threads).toBe(1)
  const again = await build({root: dir, runner: spy})
  expect(again.briefs.map((each) => each.reused)).toEqual([true, true])
  expect(warmed).toEqual([2])
})

test('a closed runner renders nothing and starts no worker again: a render asked late fails on its file', async () => {
  const dir = tempProject({'decks/a.md': brief('## One\n\nText.\n', 'title: A')})
  const made = runner(1)
  await made.close()
  const {VFile} = await import('vfile')
  const file = new VFile({path: 'decks/a.md', value: fs.readFileSync(`${dir}/decks/a.md`, 'utf8'), cwd: dir})
  expect(await made.render(file)).toBeUndefined()
  expect(file.messages.map((message) => message.ruleId)).toEqual(['internal-error'])
  made.speculate({path: file.path, value: String(file.value), cwd: dir})
  made.warm({briefs: 1})
  const again = new VFile({path: 'decks/a.md', value: String(file.value), cwd: dir})
  expect(await made.render(again)).toBeUndefined()
  expect(made.renders).toBe(0)
})

test('a brief someone waits for goes before every render in the background but the one under way', async () => {
  const dir = tempProject({'decks/a.md': brief('## One\n\nText.\n', 'title: A')})
  const made = runner(1)
  made.warm({briefs: 1})
  const {VFile} = await import('vfile')
  const value = fs.readFileSync(`${dir}/decks/a.md`, 'utf8')
  const order: string[] = []
  const render = (name: string, background: boolean) =>
    made.render(new VFile({path: 'decks/a.md', value, cwd: dir}), {background}).then((rendered) => {
      expect(rendered).toBeDefined()
      order.push(name)
    })
  const backgrounds = [1, 2, 3, 4].map((n) => render(`background ${n}`, true))
  await render('foreground', false)
  await Promise.all(backgrounds)
  expect(order).toEqual(['background 1', 'foreground', 'background 2', 'background 3', 'background 4'])
})

test('a pool of one worker gives it a larger young generation than V8 does; a pool of more, a smaller one, unless told; a tight memory limit keeps V8 default', () => {
  expect(workerLimits(1024, 1)).toEqual({maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: YOUNG_MB})
  expect(workerLimits(1024, 2)).toEqual({maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: SHARED_YOUNG_MB})
  expect(workerLimits(512, 2, YOUNG_MB)).toEqual({maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: YOUNG_MB})
  // A tight memory limit (a user's) is not loosened by it.
  expect(workerLimits(68, 1)).toEqual({maxOldGenerationSizeMb: 68})
  expect(workerLimits(68, 1, YOUNG_MB)).toEqual({maxOldGenerationSizeMb: 68})
  // V8's own default for a 64-bit heap is below it, or the setting would be no change.
  expect(YOUNG_MB).toBeGreaterThan(48)
  // Several workers each have less than V8's own (some 48 MiB), for the memory goal.
  expect(SHARED_YOUNG_MB).toBeLessThan(48)
})
