/**
 * briefdeck as a user gets it: `npm pack`, the tarball's contents, and the
 * tarball installed in a fresh project (`npm init -y`), where the command
 * runs and the three entry points import and type-check from TypeScript.
 */
import fs from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, test} from 'vitest'
import {REPO} from './helpers.js'
import {copyRepository, freshProject, pack, sh, type Packed} from './packaging.js'

let packed: Packed
let project: string

beforeAll(async () => {
  packed = await pack()
  project = await freshProject()
  const installed = await sh(`npm install --save-dev ${JSON.stringify(packed.tarball)} typescript@~5.9 @types/node@^20`, project)
  expect(installed.code, installed.stderr).toBe(0)
}, 600_000)

describe('the package', () => {
  test('ships dist, templates, themes and the CSL styles with their licence note; no tests, fixtures, sources or source maps', () => {
    const files = new Set(packed.files)
    for (const file of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/cli/bin.js',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/remark/index.js',
      'dist/remark/index.d.ts',
      'dist/eleventy/index.js',
      'dist/eleventy/index.d.ts',
      'dist/pipeline/brief-worker.js',
      'csl/README.md',
      'csl/locales/locales.json'
    ]) {
      expect(files, file).toContain(file)
    }
    // Every template, partial, runtime asset, theme and message catalogue of the repository.
    for (const folder of ['templates', 'themes', 'messages']) {
      const inRepo = fs.readdirSync(path.join(REPO, folder), {recursive: true, encoding: 'utf8'}).filter((file) => fs.statSync(path.join(REPO, folder, file)).isFile())
      expect(inRepo.length).toBeGreaterThan(2)
      for (const file of inRepo) expect(files, `${folder}/${file}`).toContain(`${folder}/${file}`)
    }
    // Every vendored CSL style and locale, and the licence note beside them.
    const csl = fs.readdirSync(path.join(REPO, 'csl'), {recursive: true, encoding: 'utf8'}).filter((file) => fs.statSync(path.join(REPO, 'csl', file)).isFile())
    expect(csl.filter((file) => file.endsWith('.csl'))).toHaveLength(9)
    expect(csl.filter((file) => /^locales[/\\]locales-.+\.xml$/.test(file)).length).toBeGreaterThan(50)
    for (const file of csl) expect(files, `csl/${file}`).toContain(`csl/${file}`)
    const note = fs.readFileSync(path.join(REPO, 'csl', 'README.md'), 'utf8')
    expect(note).toContain('Creative Commons Attribution-ShareAlike 3.0')
    expect(note).toContain('https://citationstyles.org/')
    for (const file of packed.files) {
      expect(file, file).toMatch(/^(package\.json|README\.md|LICENSE|dist\/|templates\/|themes\/|csl\/|messages\/|docs\/)/)
      expect(file, file).not.toMatch(/\.map$|(^|\/)(test|fixtures|src|bench|decks|examples|\.tmp)\//)
    }
  })

  test('package.json says where the project lives, and what it is', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(project, 'node_modules', 'briefdeck', 'package.json'), 'utf8')) as Record<string, unknown>
    expect(pkg.repository).toMatchObject({type: 'git', url: expect.stringMatching(/^git\+https:\/\//)})
    expect(pkg.homepage).toMatch(/^https:\/\//)
    expect(pkg.bugs).toMatchObject({url: expect.stringMatching(/^https:\/\//)})
    expect(pkg.keywords).toEqual(expect.arrayContaining(['marp', 'remark-plugin', 'eleventy-plugin']))
    expect(pkg.engines).toEqual({node: '>=20.19'})
  })

  test('no shipped file points at a source map or a source that is not shipped', () => {
    const dist = path.join(project, 'node_modules', 'briefdeck', 'dist')
    const files = fs.readdirSync(dist, {recursive: true, encoding: 'utf8'}).filter((file) => /\.(js|d\.ts)$/.test(file))
    expect(files.length).toBeGreaterThan(50)
    for (const file of files) expect(fs.readFileSync(path.join(dist, file), 'utf8'), file).not.toContain('sourceMappingURL')
  })

  test('installed from the tarball in a fresh project: new, build and check --strict work through npx', async () => {
    const result = await sh('npx briefdeck new x && npx briefdeck build && npx briefdeck check --strict', project)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^1 brief built, 0 errors, 0 warnings/m)
    expect(result.stdout).toMatch(/^1 brief checked, 0 errors, 0 warnings/m)
    for (const file of ['out/index.html', 'out/x/deck.html', 'out/x/deck.md', 'out/x/handout.html']) {
      expect(fs.existsSync(path.join(project, file)), file).toBe(true)
    }
    const version = await sh('npx briefdeck --version', project)
    expect(version.stdout.trim()).toBe((JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {version: string}).version)
  })

  test('installed: the bundled marp-core renders math and highlighted code, with its engines from the installed packages', async () => {
    expect(fs.existsSync(path.join(project, 'node_modules', 'briefdeck', 'dist', 'vendor', 'marp-core.cjs'))).toBe(true)
    // A brief of its own, moved to a folder of its own: the project's decks/ stays as the other tests expect it.
    const made = await sh('npx briefdeck new growth', project)
    expect(made.code, made.stderr).toBe(0)
    fs.mkdirSync(path.join(project, 'math', 'images'), {recursive: true})
    for (const file of ['growth.md', 'images/growth.svg']) fs.renameSync(path.join(project, 'decks', file), path.join(project, 'math', file))
    const brief = path.join(project, 'math', 'growth.md')
    fs.writeFileSync(brief, `${fs.readFileSync(brief, 'utf8')}\n---\n\n## Growth\n\n$$\\sum_{i=1}^n x_i$$\n\n\`\`\`python\nprint("x")\n\`\`\`\n`)
    const result = await sh('npx briefdeck build math/growth.md --out out-math', project)
    expect(result.stderr).toBe('')
    expect(result.stdout).toMatch(/^1 brief built, 0 errors/m)
    const deck = fs.readFileSync(path.join(project, 'out-math', 'growth', 'deck.html'), 'utf8')
    expect(deck).toContain('<mjx-container')
    expect(deck).toContain('class="hljs-built_in"')
    // KaTeX too (marp-core catches its errors and writes the TeX as it is, so look for KaTeX's own markup).
    const script = path.join(project, 'katex.cjs')
    const bundle = path.join(project, 'node_modules', 'briefdeck', 'dist', 'vendor', 'marp-core.cjs')
    fs.writeFileSync(script, `const {Marp} = require(${JSON.stringify(bundle)})\nconsole.log(new Marp({math: 'katex'}).render('$x^2$').html)\n`)
    const katex = await sh('node katex.cjs', project)
    fs.rmSync(script)
    expect(katex.stderr).toBe('')
    expect(katex.stdout).toContain('class="katex')
  })

  test('installed from a git URL: npm runs the prepare script, which builds dist/, and npx briefdeck works', {timeout: 600_000}, async () => {
    const repository = copyRepository()
    const committed = await sh('git init -q && git add -A && git -c user.name=test -c user.email=test@example.org commit -q -m copy', repository)
    expect(committed.code, committed.stderr).toBe(0)
    const dir = await freshProject()
    const installed = await sh(`npm install --save-dev ${JSON.stringify(`git+file://${repository}`)}`, dir)
    expect(installed.code, installed.stderr).toBe(0)
    // No dist/ in git: it was built as npm installed the package.
    expect(fs.existsSync(path.join(repository, 'dist'))).toBe(false)
    expect(fs.existsSync(path.join(dir, 'node_modules/briefdeck/dist/cli/bin.js'))).toBe(true)
    const ran = await sh('npx briefdeck new y && npx briefdeck build', dir)
    expect(ran.stderr).toBe('')
    expect(ran.stdout).toMatch(/^1 brief built, 0 errors, 0 warnings/m)
  })

  test('briefdeck, briefdeck/remark and briefdeck/eleventy import from TypeScript, type-check and run', async () => {
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({compilerOptions: {module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, outDir: 'built', types: ['node']}, include: ['use.mts']})
    )
    fs.writeFileSync(
      path.join(project, 'use.mts'),
      `import {build, briefdeck as preset, RULES, type Options, type BuildResult} from 'briefdeck'
import remarkBriefdeck from 'briefdeck/remark'
import briefdeckEleventy, {type Options as EleventyOptions} from 'briefdeck/eleventy'

const options: Options = {paths: ['decks'], strict: true}
const eleventyOptions: EleventyOptions = {...options, prefix: 'briefs'}
const result: BuildResult = await build({...options, root: process.cwd(), write: false})
console.log(JSON.stringify({
  built: result.briefs.map((brief) => brief.slug),
  rules: Object.keys(RULES).length > 10,
  plugins: [typeof preset, typeof remarkBriefdeck, typeof briefdeckEleventy],
  prefix: eleventyOptions.prefix
}))
`
    )
    const checked = await sh('npx tsc -p tsconfig.json', project)
    expect(checked.stdout + checked.stderr).toBe('')
    expect(checked.code).toBe(0)
    const ran = await sh('node built/use.mjs', project)
    expect(ran.stderr).toBe('')
    expect(JSON.parse(ran.stdout)).toEqual({built: ['x'], rules: true, plugins: ['function', 'function', 'function'], prefix: 'briefs'})
    // A type error is reported: the check can fail.
    fs.writeFileSync(path.join(project, 'use.mts'), `import type {Options} from 'briefdeck'\nconst options: Options = {paper: 'a3'}\nconsole.log(options)\n`)
    const wrong = await sh('npx tsc -p tsconfig.json', project)
    expect(wrong.code).not.toBe(0)
    expect(wrong.stdout).toContain("Type '\"a3\"' is not assignable")
  })
})
