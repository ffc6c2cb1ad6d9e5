/**
 * One preset, one set of options: the same briefs give the same diagnostics
 * (rule ids, severities, positions) through the CLI, `serve`, the Eleventy
 * plugin and the remark plugin. The briefs: every diagnostics fixture, the
 * example brief and a brief that uses every annotation (`briefdeck new`).
 */
import fs from 'node:fs'
import path from 'node:path'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {beforeAll, describe, expect, test, vi} from 'vitest'
import {serve} from '../src/cli/serve.js'
import briefdeckEleventy from '../src/eleventy/index.js'
import remarkBriefdeck from '../src/remark/index.js'
import {createBrief} from '../src/scaffold/new-brief.js'
import {fakeEleventyConfig, FIXTURES, REPO, runCli, tempProject} from './helpers.js'

type Report = Map<string, string[]>

let dir: string
let briefs: string[]

beforeAll(() => {
  dir = tempProject()
  const decks = path.join(dir, 'decks')
  fs.mkdirSync(decks, {recursive: true})
  for (const name of fs.readdirSync(path.join(FIXTURES, 'diagnostics'))) {
    fs.copyFileSync(path.join(FIXTURES, 'diagnostics', name, 'input.md'), path.join(decks, `${name}.md`))
  }
  fs.copyFileSync(path.join(REPO, 'decks', 'russia-iran-partnership.md'), path.join(decks, 'example.md'))
  fs.cpSync(path.join(REPO, 'decks', 'images'), path.join(decks, 'images'), {recursive: true})
  createBrief('every-annotation', {dir: decks})
  briefs = fs.readdirSync(decks).filter((name) => name.endsWith('.md')).map((name) => `decks/${name}`).sort()
})

/** `line:column severity rule` per brief, from vfile-reporter's text (what the CLI, serve and Eleventy print). */
function parseReport(text: string): Report {
  const report: Report = new Map()
  let current: string[] | undefined
  for (const line of text.split('\n')) {
    const file = /^(decks\/\S+\.md)$/.exec(line)
    if (file) {
      current = []
      report.set(file[1], current)
      continue
    }
    const message = /^\s*(\d+:\d+)(?:-\d+:\d+)?\s+(error|warning)\s+.*\s([a-z]+(?:-[a-z]+)*)\s+briefdeck$/.exec(line)
    if (message && current) current.push(`${message[1]} ${message[2]} ${message[3]}`)
  }
  for (const lines of report.values()) lines.sort()
  return report
}

function withEveryBrief(report: Report): Record<string, string[]> {
  return Object.fromEntries(briefs.map((brief) => [brief, report.get(brief) ?? []]))
}

describe('every front end reports the same diagnostics', () => {
  let cli: Record<string, string[]>

  beforeAll(async () => {
    const {code, stderr} = await runCli(['check'], dir)
    expect(code).toBe(1)
    cli = withEveryBrief(parseReport(stderr))
  }, 120_000)

  test('the CLI reports something for most briefs (the comparison has teeth)', () => {
    expect(Object.values(cli).filter((lines) => lines.length > 0).length).toBeGreaterThan(25)
    expect(cli['decks/example.md']).toEqual(['15:1 warning credit-missing-author', '17:1 warning credit-missing-license'])
    expect(cli['decks/every-annotation.md']).toEqual([])
  })

  test('the remark plugin', async () => {
    const report: Report = new Map()
    for (const brief of briefs) {
      const file = new VFile({path: path.join(dir, brief), value: fs.readFileSync(path.join(dir, brief), 'utf8'), cwd: dir})
      const processor = unified().use(remarkParse).use(remarkBriefdeck, {root: dir})
      await processor.run(processor.parse(file), file)
      report.set(brief, file.messages.map((m) => `${m.line}:${m.column} ${m.fatal ? 'error' : 'warning'} ${m.ruleId}`).sort())
    }
    expect(withEveryBrief(report)).toEqual(cli)
  })

  test('serve', async () => {
    let output = ''
    let stop = () => {}
    const until = new Promise<void>((resolve) => (stop = resolve))
    const done = serve(
      {root: dir, out: path.join(dir, 'served'), port: 0, until, onListening: () => stop()},
      {cwd: dir, stdout: (t) => (output += t), stderr: (t) => (output += t)}
    )
    expect(await done).toBe(0)
    expect(withEveryBrief(parseReport(output))).toEqual(cli)
  })

  test('the Eleventy plugin', async () => {
    const collections: Record<string, () => Promise<unknown>> = {}
    briefdeckEleventy(fakeEleventyConfig(collections), {root: dir})
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const error = await collections.briefs().then(
      () => undefined,
      (failure: Error) => failure
    )
    warn.mockRestore()
    expect(error?.message).toMatch(/briefs have errors; fix them and build again/)
    expect(withEveryBrief(parseReport(error?.message ?? ''))).toEqual(cli)
  })

  test('the preset as the README shows it: unified().use(remarkParse).use(briefdeck, options)', async () => {
    const {briefdeck} = await import('../src/index.js')
    const processor = unified().use(remarkParse).use(briefdeck, {root: dir})
    const report: Report = new Map()
    for (const brief of briefs) {
      const file = new VFile({path: path.join(dir, brief), value: fs.readFileSync(path.join(dir, brief), 'utf8'), cwd: dir})
      await processor.run(processor.parse(file), file)
      report.set(brief, file.messages.map((m) => `${m.line}:${m.column} ${m.fatal ? 'error' : 'warning'} ${m.ruleId}`).sort())
    }
    expect(withEveryBrief(report)).toEqual(cli)
  })
})

test('the Eleventy plugin prints a brief’s warnings, as the CLI does', async () => {
  const project = tempProject({'decks/example.md': fs.readFileSync(path.join(REPO, 'decks', 'russia-iran-partnership.md'), 'utf8')})
  fs.cpSync(path.join(REPO, 'decks', 'images'), path.join(project, 'decks', 'images'), {recursive: true})
  const collections: Record<string, () => Promise<unknown>> = {}
  briefdeckEleventy(fakeEleventyConfig(collections), {root: project})
  const printed: string[] = []
  const warn = vi.spyOn(console, 'warn').mockImplementation((text: string) => void printed.push(text))
  const briefs = (await collections.briefs()) as Array<{slug: string}>
  warn.mockRestore()
  expect(briefs.map((brief) => brief.slug)).toEqual(['example'])
  expect(printed.join('\n')).toMatch(/15:1-15:84 +warning .*credit-missing-author/)
})

test('the Eleventy plugin stops a brief that takes too long, with the same option and report as the CLI', async () => {
  // Under every limit, but slow for the Markdown parser: many paragraphs of emphasis markers.
  const slow = `---\ntitle: Slow\n---\n\n${'[a](b)\n\n'.repeat(4900)}`
  const project = tempProject({'decks/slow.md': slow})
  const collections: Record<string, () => Promise<unknown>> = {}
  briefdeckEleventy(fakeEleventyConfig(collections), {root: project, timeout: 1500})
  const error = await collections.briefs().then(
    () => undefined,
    (failure: Error) => failure
  )
  expect(error?.message).toMatch(/1:1 +error +Building this brief took longer than 1\.5 s, so it was stopped/)
  expect(error?.message).toMatch(/brief-timeout/)
})
