/**
 * Every command the README and docs show is run. A shell block marked
 * `<!-- runnable: project -->` runs in a fresh npm project (`npm init -y`),
 * blocks in document order, with `npm install briefdeck` installing the
 * tarball `npm pack` makes of this repository (it is not on the registry yet).
 * `<!-- runnable: repository -->` runs in a fresh copy of this repository;
 * `<!-- runnable: ci-workflow -->` is a GitHub Actions workflow whose `run`
 * steps run in the project. Every shell block must be marked one way or the
 * other (`<!-- not-runnable: why -->`), and every runnable block must have a
 * check below of what it should have done.
 */
import {execFileSync} from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type {Code, Html, Root, RootContent} from 'mdast'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {visit} from 'unist-util-visit'
import {parse as parseYaml} from 'yaml'
import {beforeAll, describe, expect, test} from 'vitest'
import {all, REPO} from './helpers.js'
import {fromHtml} from 'hast-util-from-html'
import {copyRepository, freshProject, pack, sh, type Packed, type Run} from './packaging.js'

type Context = 'project' | 'repository' | 'ci-workflow'

interface Block {
  where: string
  context: Context
  lang: string
  script: string
}

const DOCS = ['README.md', ...fs.readdirSync(path.join(REPO, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)]
const SHELL = new Set(['sh', 'bash', 'shell', 'console'])

/** The marked blocks of one Markdown file, and the shell blocks that carry no mark. */
function blocksOf(file: string): {blocks: Block[]; unmarked: string[]} {
  const tree = unified().use(remarkParse).parse(fs.readFileSync(path.join(REPO, file), 'utf8')) as Root
  const blocks: Block[] = []
  const unmarked: string[] = []
  visit(tree, 'code', (node: Code, index, parent) => {
    const previous: RootContent | undefined = parent && index !== undefined ? parent.children[index - 1] : undefined
    const mark = previous?.type === 'html' ? /^<!--\s*(runnable|not-runnable):\s*(.+?)\s*-->$/.exec((previous as Html).value) : null
    const where = `${file}:${node.position!.start.line}`
    if (mark?.[1] === 'runnable') {
      expect(['project', 'repository', 'ci-workflow'], `${where}: unknown context`).toContain(mark[2])
      blocks.push({where, context: mark[2] as Context, lang: node.lang ?? '', script: node.value})
    } else if (!mark && SHELL.has(node.lang ?? '')) {
      unmarked.push(where)
    }
  })
  return {blocks, unmarked}
}

const found = DOCS.map(blocksOf)
const BLOCKS = found.flatMap((one) => one.blocks)

interface State {
  dir: string
  /** deck.html's hash before the block ran, for blocks that must leave it alone. */
  before: Map<string, string>
}

interface Check {
  name: string
  matches: (block: Block) => boolean
  verify: (run: Run, state: State) => void
}

const exists = (dir: string, file: string) => expect(fs.existsSync(path.join(dir, file)), file).toBe(true)
const hash = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')
const slugs = () => fs.readdirSync(path.join(REPO, 'decks')).filter((name) => name.endsWith('.md')).map((name) => name.slice(0, -3))
const pdfPages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], {encoding: 'utf8'}))?.[1])

const CHECKS: Check[] = [
  {
    name: 'install, new, build and check in a project',
    matches: (block) => block.context === 'project' && block.script.includes('npx briefdeck build'),
    verify: (run, {dir}) => {
      expect(run.stdout).toContain('Wrote decks/my-brief.md')
      expect(run.stdout).toMatch(/^1 brief built, 0 errors, 0 warnings/m)
      expect(run.stdout).toMatch(/^1 brief checked, 0 errors, 0 warnings/m)
      for (const file of ['out/index.html', 'out/my-brief/deck.html', 'out/my-brief/deck.md', 'out/my-brief/handout.html']) exists(dir, file)
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {devDependencies?: Record<string, string>}
      expect(Object.keys(pkg.devDependencies ?? {})).toContain('briefdeck')
    }
  },
  {
    name: 'an npm script that builds the briefs',
    matches: (block) => block.context === 'project' && block.script.includes('npm pkg set scripts.decks'),
    verify: (run, {dir}) => {
      expect((JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {scripts: Record<string, string>}).scripts.decks).toBe('briefdeck build')
      expect(run.stdout).toMatch(/^1 brief (built|unchanged)/m)
    }
  },
  {
    name: 'stock marp-cli renders deck.md to a file of its own, with the same slides, and leaves deck.html alone',
    matches: (block) => block.script.includes('@marp-team/marp-cli'),
    verify: (_run, {dir, before}) => {
      const deck = path.join(dir, 'out/my-brief/deck.html')
      expect(hash(deck)).toBe(before.get(deck))
      const marp = fromHtml(fs.readFileSync(path.join(dir, 'out/my-brief/deck.marp.html'), 'utf8'))
      const ours = fromHtml(fs.readFileSync(deck, 'utf8'))
      const marpSlides = all(marp, 'svg[data-marpit-svg] > foreignObject > section')
      expect(marpSlides.length).toBeGreaterThan(3)
      expect(marpSlides.length).toBe(all(ours, 'svg[data-marpit-svg] > foreignObject > section').length)
      // Marp found briefdeck's theme (it would fall back to its default one without a warning in the page).
      expect(marpSlides.every((slide) => slide.properties.dataTheme === 'briefing')).toBe(true)
    }
  },
  {
    name: 'npm install briefdeck and the unified packages (the remark plugin’s docs)',
    matches: (block) => block.context === 'project' && /^npm install briefdeck /m.test(block.script),
    verify: (_run, {dir}) => {
      exists(dir, 'node_modules/briefdeck/dist/remark/index.js')
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {dependencies?: Record<string, string>}
      for (const name of ['unified', 'remark-parse', 'remark-rehype', 'rehype-stringify', 'vfile-reporter']) expect(Object.keys(pkg.dependencies ?? {})).toContain(name)
    }
  },
  {
    name: 'the remark plugin’s example: a cited source becomes a numbered link to its endnote, with no problems reported',
    matches: (block) => block.context === 'project' && block.lang === 'js' && block.script.includes("from 'briefdeck/remark'"),
    verify: (run) => {
      expect(run.stderr).toContain('no issues found')
      const html = fromHtml(run.stdout, {fragment: true})
      const cite = all(html, 'sup a[href^="#"]')
      expect(cite.map((link) => link.children.map((child) => ('value' in child ? child.value : '')).join(''))).toEqual(['1'])
      expect(run.stdout).toContain('Why You Can’t be an Iran Hawk and a Russia Dove')
    }
  },
  {
    name: 'npm ci && npm run decks in a fresh copy of the repository',
    matches: (block) => block.context === 'repository' && block.script.startsWith('npm ci && npm run decks'),
    verify: (run, {dir}) => {
      exists(dir, 'out/index.html')
      for (const slug of slugs()) for (const file of ['deck.html', 'deck.md', 'handout.html']) exists(dir, `out/${slug}/${file}`)
      expect(run.stdout).toMatch(new RegExp(`^${slugs().length} briefs? built, 0 errors`, 'm'))
    }
  },
  {
    name: 'npm run decks -- --pdf',
    matches: (block) => block.context === 'repository' && block.script.includes('--pdf'),
    verify: (_run, {dir}) => {
      for (const slug of slugs()) {
        expect(pdfPages(path.join(dir, `out/${slug}/deck.pdf`))).toBeGreaterThan(3)
        expect(pdfPages(path.join(dir, `out/${slug}/handout.pdf`))).toBeGreaterThan(0)
      }
    }
  },
  {
    name: 'the example Eleventy site',
    matches: (block) => block.context === 'repository' && block.script.includes('@11ty/eleventy'),
    verify: (_run, {dir}) => {
      for (const slug of fs.readdirSync(path.join(dir, 'examples/eleventy-site/decks')).filter((name) => name.endsWith('.md'))) {
        exists(dir, `examples/eleventy-site/_site/briefs/${slug.slice(0, -3)}/deck.html`)
        exists(dir, `examples/eleventy-site/_site/briefs/${slug.slice(0, -3)}/handout.html`)
      }
    }
  },
  {
    name: 'the CI workflow: npm ci, then check --strict --render',
    matches: (block) => block.context === 'ci-workflow',
    verify: (run) => {
      expect(run.stdout).toMatch(/^1 brief checked, 0 errors, 0 warnings/m)
    }
  }
]

/** `npm install briefdeck` installs the tarball: the package is not on the registry yet. */
function forTarball(script: string, tarball: string): string {
  return script.replace(/^(npm install(?: --save-dev)?) briefdeck(?=\s|$)/gm, `$1 ${JSON.stringify(tarball)}`)
}

/** A workflow's `run` steps; installing Chromium is checked, not run (it needs root, and this machine has it). */
function workflowSteps(yaml: string): string[] {
  const workflow = parseYaml(yaml) as {jobs: Record<string, {steps: Array<{run?: string; uses?: string}>}>}
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps)
  expect(steps.filter((step) => step.uses).map((step) => step.uses)).toEqual(['actions/checkout@v4'])
  const runs = steps.flatMap((step) => (step.run ? [step.run] : []))
  const install = runs.filter((run) => run.includes('apt-get'))
  expect(install).toEqual(['apt-get update && apt-get install -y chromium'])
  expect(fs.existsSync('/usr/bin/chromium')).toBe(true)
  return runs.filter((run) => !run.includes('apt-get'))
}

async function runBlock(block: Block, state: State, tarball: string): Promise<void> {
  const checks = CHECKS.filter((check) => check.matches(block))
  expect(checks.length, `${block.where}: add a check of what this block does to test/readme-commands.test.ts`).toBeGreaterThan(0)
  const deck = path.join(state.dir, 'out/my-brief/deck.html')
  if (fs.existsSync(deck)) state.before.set(deck, hash(deck))
  let scripts: string[]
  if (block.context === 'ci-workflow') scripts = workflowSteps(block.script)
  else if (block.lang === 'js') {
    // A JavaScript example: saved as the docs say (`In example.mjs …`), and run with node.
    fs.writeFileSync(path.join(state.dir, 'example.mjs'), block.script)
    scripts = ['node example.mjs']
  } else scripts = [forTarball(block.script, tarball)]
  const outputs: Run = {code: 0, stdout: '', stderr: ''}
  for (const script of scripts) {
    const run = await sh(script, state.dir)
    expect(run.code, `${block.where}: ${script}\n${run.stderr}`).toBe(0)
    expect(run.stderr, `${block.where}: ${script}`).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n|Error:/)
    outputs.stdout += run.stdout
    outputs.stderr += run.stderr
  }
  for (const check of checks) check.verify(outputs, state)
}

describe('commands in the README and docs', () => {
  let packed: Packed
  beforeAll(async () => {
    packed = await pack()
  }, 600_000)

  test('every shell block is marked runnable or not, and there are blocks of each context', () => {
    expect(found.flatMap((one) => one.unmarked)).toEqual([])
    expect(new Set(BLOCKS.map((block) => block.context))).toEqual(new Set(['project', 'repository', 'ci-workflow']))
  })

  test('the project blocks and the CI workflow run, in order, in a fresh npm project', async () => {
    const state: State = {dir: await freshProject(), before: new Map()}
    const blocks = [...BLOCKS.filter((block) => block.context === 'project'), ...BLOCKS.filter((block) => block.context === 'ci-workflow')]
    expect(blocks.length).toBeGreaterThanOrEqual(5)
    for (const block of blocks) await runBlock(block, state, packed.tarball)
  }, 900_000)

  test('the repository blocks run in a fresh copy of the repository', async () => {
    const state: State = {dir: copyRepository(), before: new Map()}
    const blocks = BLOCKS.filter((block) => block.context === 'repository')
    expect(blocks.length).toBeGreaterThanOrEqual(3)
    for (const block of blocks) await runBlock(block, state, packed.tarball)
    // After npm ci, the clone's own command works through npx (npm ci ran the prepare script that builds dist/).
    const version = await sh('npx briefdeck --version', state.dir)
    expect(version.stdout.trim()).toBe((JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {version: string}).version)
  }, 900_000)
})
