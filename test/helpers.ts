/**
 * Test helpers: build briefs in a throw-away project, parse the HTML we write,
 * and query it the way a reader sees it.
 */
import {execFile} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import type {Element, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {select, selectAll} from 'hast-util-select'
import {toString} from 'hast-util-to-string'
import {VFile} from 'vfile'
import {createAnalyzer, type AnalyzedBrief, type PresetOptions} from '../src/preset.js'
import {renderBriefPages} from '../src/pipeline/brief-pages.js'
import {createDeckRenderer} from '../src/deck/render.js'
import {loadTemplates} from '../src/render/templates.js'
import {loadThemes} from '../src/render/themes.js'
import {main} from '../src/cli/main.js'
import type {PlannedSlide} from '../src/deck/plan.js'
import type {EleventyConfig} from '../src/eleventy/index.js'

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const FIXTURES = path.join(REPO, 'test', 'fixtures')

const themes = loadThemes({dirs: [path.join(REPO, 'themes')]})
export const env = {
  themes,
  templates: loadTemplates({dirs: [path.join(REPO, 'templates')]}),
  deck: createDeckRenderer(themes.deck.values())
}

const analyzers = new Map<string, (file: VFile) => AnalyzedBrief>()

/** Analyze a brief with the preset (one processor per set of options, as the worker keeps one). */
export function analyze(file: VFile, options: PresetOptions = {}): AnalyzedBrief {
  const key = JSON.stringify(options)
  let analyzer = analyzers.get(key)
  if (!analyzer) analyzers.set(key, (analyzer = createAnalyzer(options)))
  return analyzer(file)
}

/** A temporary project folder with the given files (paths relative to it). */
export function tempProject(files: Record<string, string | Buffer> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-test-'))
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
    fs.writeFileSync(path.join(dir, name), content)
  }
  return dir
}

export interface Built {
  file: VFile
  markdown?: string
  deck?: Root
  handout?: Root
  slideCount?: number
  /** The slide plan: where each slide starts in the brief and which blocks it holds. */
  plan?: PlannedSlide[]
}

/** Analyze a brief and, when it has no errors, render its pages in memory. */
export async function buildBrief(source: string, options: {root?: string; name?: string} = {}): Promise<Built> {
  const root = options.root ?? tempProject()
  const file = new VFile({path: path.join(root, 'decks', options.name ?? 'brief.md'), value: source, cwd: root})
  const brief = analyze(file, {root})
  if (file.messages.some((message) => message.fatal)) return {file}
  const pages = await renderBriefPages(brief, file, env)
  return {
    file,
    markdown: pages.files.get('deck.md'),
    deck: fromHtml(pages.files.get('deck.html') as string),
    handout: fromHtml(pages.files.get('handout.html') as string),
    slideCount: pages.plan.length,
    plan: pages.plan
  }
}

/** `---` front matter with a title, then the body. */
export function brief(body: string, frontmatter = 'title: Test brief'): string {
  return `---\n${frontmatter}\n---\n\n${body}`
}

export function one(tree: Root | Element | undefined, selector: string): Element {
  if (!tree) throw new Error('no tree: the brief did not build')
  const found = select(selector, tree)
  if (!found) throw new Error(`nothing matches ${selector}`)
  return found
}

export function all(tree: Root | Element | undefined, selector: string): Element[] {
  if (!tree) throw new Error('no tree: the brief did not build')
  return selectAll(selector, tree)
}

export function text(node: Root | Element | undefined): string {
  return node ? toString(node).replace(/\s+/g, ' ').trim() : ''
}

/** The slides of a deck page (inline SVG mode): one `svg[data-marpit-svg]` each. */
export function slides(deck: Root | undefined): Element[] {
  return all(deck, 'svg[data-marpit-svg]')
}

/** The text of a slide's content sections (advanced backgrounds add empty sections). */
export function slideText(slide: Element): string {
  return all(slide, 'section')
    .map((section) => text(section))
    .filter(Boolean)
    .join(' ')
}

/** `line:column ruleId severity` for every message, in order. */
export function messageLines(file: VFile): string[] {
  return file.messages.map(
    (message) => `${message.line ?? 0}:${message.column ?? 0} ${message.fatal ? 'error' : 'warning'} ${message.ruleId}`
  )
}

/** Run the CLI in a folder; returns its exit code and output. */
/** Run the built command (dist/cli/bin.js) in a child process, as a user runs it. */
export async function runBin(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{code: number; stdout: string; stderr: string}> {
  const bin = path.join(REPO, 'dist', 'cli', 'bin.js')
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], {cwd, env, maxBuffer: 64 * 1024 * 1024}, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({code, stdout, stderr})
    })
  })
}

export async function runCli(args: string[], cwd: string): Promise<{code: number; stdout: string; stderr: string}> {
  let stdout = ''
  let stderr = ''
  const code = await main(args, {cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t)})
  return {code, stdout, stderr}
}

/** An Eleventy config that records the collections a plugin adds (and ignores the rest). */
export function fakeEleventyConfig(collections: Record<string, () => Promise<unknown>> = {}): EleventyConfig {
  return {
    addTemplate: () => undefined,
    addCollection: (name, callback) => void (collections[name] = callback as () => Promise<unknown>),
    addGlobalData: () => undefined,
    addWatchTarget: () => undefined,
    addTemplateFormats: () => undefined,
    ignores: {add: () => undefined},
    on: () => undefined,
    versionCheck: () => undefined
  }
}
