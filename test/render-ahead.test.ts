/**
 * What `serve` renders ahead: a saved brief starts rendering when its change
 * is seen, and the rebuild takes that result only when the brief still reads
 * the same and nothing else changed; a worker that rendered nothing yet warms
 * up on the newest briefs without writing anything or holding up a rebuild.
 * Real workers, real builds, pages read back from out/.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fromHtml} from 'hast-util-from-html'
import {afterEach, expect, test} from 'vitest'
import {createBriefRunner, type BriefRunner} from '../src/pipeline/brief-runner.js'
import type {WorkerJob} from '../src/pipeline/brief-messages.js'
import {resolveOptions} from '../src/options.js'
import {build} from '../src/pipeline/build.js'
import {createRenderAhead, REHEARSED_BRIEFS} from '../src/serve/render-ahead.js'
import {brief, tempProject, text} from './helpers.js'

const runners: BriefRunner[] = []
afterEach(async () => {
  await Promise.all(runners.splice(0).map((each) => each.close()))
})

function project(): {dir: string; runner: BriefRunner; file: string} {
  const dir = tempProject({'decks/live.md': brief('## First\n\nThe first text.\n', 'title: Live')})
  const runner = createBriefRunner({options: resolveOptions({root: dir}), threads: 1})
  runners.push(runner)
  return {dir, runner, file: path.join(dir, 'decks', 'live.md')}
}

const deckText = (dir: string) => text(fromHtml(fs.readFileSync(path.join(dir, 'out', 'live', 'deck.html'), 'utf8')))

test('a saved brief rendered ahead is rendered once: the rebuild publishes that render', async () => {
  const {dir, runner, file} = project()
  fs.writeFileSync(file, brief('## First\n\nThe saved text.\n', 'title: Live'))
  const ahead = createRenderAhead({root: dir, runner: () => runner})
  ahead.changed(file, true)
  const result = await build({root: dir, runner})
  expect(result.briefs[0].ok).toBe(true)
  expect(deckText(dir)).toContain('The saved text.')
  expect(runner.renders).toBe(1)
})

test('a render ahead of a text the brief no longer has is not taken: the rebuild renders what the brief says now', async () => {
  const {dir, runner, file} = project()
  const ahead = createRenderAhead({root: dir, runner: () => runner})
  fs.writeFileSync(file, brief('## First\n\nHalf a save.\n', 'title: Live'))
  ahead.changed(file, true)
  fs.writeFileSync(file, brief('## First\n\nThe whole save.\n', 'title: Live'))
  await build({root: dir, runner})
  expect(deckText(dir)).toContain('The whole save.')
  expect(deckText(dir)).not.toContain('Half a save.')
  expect(runner.renders).toBe(2)
})

test('the same text seen twice (an editor that writes in two steps) is rendered ahead once', async () => {
  const {dir, runner, file} = project()
  const ahead = createRenderAhead({root: dir, runner: () => runner})
  ahead.changed(file, true)
  ahead.changed(file, true)
  await build({root: dir, runner})
  expect(runner.renders).toBe(1)
})

test('a change to any other file (an image, a bibliography) drops what was rendered ahead', async () => {
  const {dir, runner, file} = project()
  const ahead = createRenderAhead({root: dir, runner: () => runner})
  ahead.changed(file, true)
  ahead.changed(path.join(dir, 'decks', 'photo.png'), false)
  await build({root: dir, runner})
  expect(deckText(dir)).toContain('The first text.')
  // Dropped before it started: only the rebuild rendered.
  expect(runner.renders).toBe(1)
})

test('a brief that leads outside the project is not read ahead', async () => {
  const dir = tempProject({})
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-outside-'))
  fs.writeFileSync(path.join(outside, 'secret.md'), brief('## Secret\n\nNot for the worker.\n'))
  fs.mkdirSync(path.join(dir, 'decks'))
  fs.symlinkSync(path.join(outside, 'secret.md'), path.join(dir, 'decks', 'link.md'))
  const asked: WorkerJob[] = []
  const spy = {speculate: (job: WorkerJob) => asked.push(job), forgetSpeculations: () => {}} as unknown as BriefRunner
  const ahead = createRenderAhead({root: dir, runner: () => spy})
  ahead.changed(path.join(dir, 'decks', 'link.md'), true)
  ahead.changed(path.join(dir, 'decks', 'missing.md'), true)
  expect(asked).toEqual([])
  // A brief inside is read as a build reads it: its path relative to the project.
  fs.writeFileSync(path.join(dir, 'decks', 'inside.md'), 'text')
  ahead.changed(path.join(dir, 'decks', 'inside.md'), true)
  expect(asked).toEqual([{path: path.join('decks', 'inside.md'), value: 'text', cwd: dir}])
})

test('rehearsals render the briefs without writing anything, and a rebuild does not wait for them', async () => {
  const {dir, runner} = project()
  const ahead = createRenderAhead({root: dir, runner: () => runner})
  await ahead.rehearse([path.join(dir, 'decks', 'live.md')], 2)
  expect(runner.renders).toBe(2)
  expect(fs.existsSync(path.join(dir, 'out'))).toBe(false)
  // Stopped, it starts no more of them.
  const rehearsing = ahead.rehearse([path.join(dir, 'decks', 'live.md')], 200)
  await ahead.stop()
  await rehearsing
  expect(runner.renders).toBeLessThanOrEqual(3)
})

test('a speculation replaced before its turn came is never rendered', async () => {
  const {dir, runner, file} = project()
  const ahead = createRenderAhead({root: dir, runner: () => runner})
  const save = (words: string) => {
    fs.writeFileSync(file, brief(`## First\n\n${words}\n`, 'title: Live'))
    ahead.changed(file, true)
  }
  save('First save.')
  // The first is under way once its turn is taken (at once: nothing else is at work).
  await new Promise((resolve) => setTimeout(resolve, 0))
  save('Second save.')
  save('Third save.')
  const result = await build({root: dir, runner})
  expect(result.briefs[0].file.messages.map(String)).toEqual([])
  expect(deckText(dir)).toContain('Third save.')
  // The first (under way when the others came) and the third; the second was replaced while it waited.
  expect(runner.renders).toBe(2)
})

test('a render in the background leaves the speculation to the rebuild', async () => {
  const {dir, runner, file} = project()
  const ahead = createRenderAhead({root: dir, runner: () => runner})
  ahead.changed(file, true)
  await ahead.rehearse([file], 1)
  await build({root: dir, runner})
  expect(runner.renders).toBe(2)
})

test('an image changed after the brief was rendered ahead is published as it is now', async () => {
  const drawing = (label: string) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>${label}</title><rect width="10" height="10"/></svg>`
  const dir = tempProject({
    'decks/live.md': brief('## First\n\n![A drawing](drawing.svg)\n', 'title: Live'),
    'decks/drawing.svg': drawing('Old drawing')
  })
  const runner = createBriefRunner({options: resolveOptions({root: dir}), threads: 1})
  runners.push(runner)
  const ahead = createRenderAhead({root: dir, runner: () => runner})
  ahead.changed(path.join(dir, 'decks', 'live.md'), true)
  fs.writeFileSync(path.join(dir, 'decks', 'drawing.svg'), drawing('New drawing'))
  ahead.changed(path.join(dir, 'decks', 'drawing.svg'), false)
  const result = await build({root: dir, runner})
  expect(result.briefs[0].ok).toBe(true)
  const published = fs.readdirSync(path.join(dir, 'out', 'live'), {recursive: true}).map(String).find((name) => name.endsWith('drawing.svg'))
  expect(published).toBeDefined()
  const svg = fs.readFileSync(path.join(dir, 'out', 'live', published as string), 'utf8')
  expect(svg).toContain('New drawing')
  expect(svg).not.toContain('Old drawing')
})

test('a rehearsal ends at a brief that fails, rather than hold up the saves behind it again and again', async () => {
  const dir = tempProject({'decks/bad.md': 'bad'})
  let renders = 0
  const spy = {
    render: async () => {
      renders++
      return undefined
    }
  } as unknown as BriefRunner
  await createRenderAhead({root: dir, runner: () => spy}).rehearse([path.join(dir, 'decks', 'bad.md')], 24)
  expect(renders).toBe(1)
})

test('rehearsals take the newest briefs (three of them) in turn, in the background, and stop when asked', async () => {
  const dir = tempProject({'decks/oldest.md': 'oldest', 'decks/old.md': 'old', 'decks/new.md': 'new', 'decks/mid.md': 'mid'})
  const at = (name: string, seconds: number) => fs.utimesSync(path.join(dir, 'decks', name), seconds, seconds)
  at('oldest.md', 500_000)
  at('old.md', 1_000_000)
  at('mid.md', 2_000_000)
  at('new.md', 3_000_000)
  const rendered: Array<{path: string; background?: boolean}> = []
  const spy = {
    render: async (file: {path: string}, options: {background?: boolean}) => {
      rendered.push({path: file.path, background: options.background})
      return {files: []}
    }
  } as unknown as BriefRunner
  const ahead = createRenderAhead({root: dir, runner: () => spy})
  await ahead.rehearse(['oldest.md', 'old.md', 'new.md', 'mid.md', 'gone.md'].map((name) => path.join(dir, 'decks', name)), 5)
  expect(REHEARSED_BRIEFS).toBe(3)
  expect(rendered).toEqual(['new', 'mid', 'old', 'new', 'mid'].map((name) => ({path: path.join('decks', `${name}.md`), background: true})))
  rendered.length = 0
  await ahead.stop()
  await ahead.rehearse([path.join(dir, 'decks', 'new.md')], 4)
  expect(rendered).toEqual([])
})
