/**
 * The command line as a user meets it: exit codes, reports, summary, and
 * nothing lost when a brief is broken.
 */
import {execFile} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {promisify} from 'node:util'
import {fromHtml} from 'hast-util-from-html'
import {describe, expect, test} from 'vitest'
import {all, brief, REPO, runCli, tempProject, text} from './helpers.js'

const GOOD = brief('::source{#a title="A report"}\n\n## Slide\n\nA claim:cite[a].\n', 'title: Good brief')
const BAD = brief('A claim:cite[nowhere].\n', 'title: Bad brief')

describe('briefdeck build', () => {
  test('a broken brief fails with file:line:column and a rule id, the others still build', async () => {
    const dir = tempProject({'decks/good.md': GOOD, 'decks/bad.md': BAD})
    const {code, stdout, stderr} = await runCli(['build'], dir)
    expect(code).toBe(1)
    expect(stderr).toContain('decks/bad.md')
    expect(stderr).toMatch(/5:8-5:22\s+error\s+Citation of unknown source `nowhere`.*unknown-source/)
    expect(stderr).not.toMatch(/\n\s+at /)
    expect(stdout).toMatch(/^1 brief built, 1 failed, 1 error, 0 warnings in \d+\.\d\d s\n$/)
    expect(fs.existsSync(path.join(dir, 'out/good/deck.html'))).toBe(true)
    expect(fs.existsSync(path.join(dir, 'out/bad'))).toBe(false)
  })

  test('a failed brief keeps its previous outputs and its place in the index', async () => {
    const dir = tempProject({'decks/one.md': GOOD})
    expect((await runCli(['build'], dir)).code).toBe(0)
    const before = fs.readFileSync(path.join(dir, 'out/one/handout.html'), 'utf8')
    fs.writeFileSync(path.join(dir, 'decks/one.md'), BAD)
    const {code} = await runCli(['build'], dir)
    expect(code).toBe(1)
    expect(fs.readFileSync(path.join(dir, 'out/one/handout.html'), 'utf8')).toBe(before)
    const index = fromHtml(fs.readFileSync(path.join(dir, 'out/index.html'), 'utf8'))
    expect(all(index, 'li.brief .brief-title').map(text)).toEqual(['Good brief'])
  })

  test('two briefs that would write to the same out/<slug>/ are both errors', async () => {
    const dir = tempProject({'decks/Brief.md': GOOD, 'decks/more/brief.md': GOOD})
    const {code, stderr} = await runCli(['build'], dir)
    expect(code).toBe(1)
    expect(stderr.match(/slug-collision/g)).toHaveLength(2)
    expect(stderr).toContain('would both write to out/brief/: rename one of them')
    expect(fs.existsSync(path.join(dir, 'out/brief'))).toBe(false)
  })

  test('--out writes elsewhere; --strict turns warnings into errors', async () => {
    const warned = brief('::source{#a title="A"}\n\nNo citation here.\n')
    const dir = tempProject({'decks/w.md': warned})
    const plain = await runCli(['build', '--out', 'public'], dir)
    expect(plain.code).toBe(0)
    expect(plain.stdout).toContain('1 brief built, 0 errors, 1 warning')
    expect(fs.existsSync(path.join(dir, 'public/w/deck.html'))).toBe(true)
    const strict = await runCli(['build', '--strict', '--out', 'strict-out'], dir)
    expect(strict.code).toBe(1)
    expect(strict.stderr).toContain('unused-source')
    expect(fs.existsSync(path.join(dir, 'strict-out/w'))).toBe(false)
  })

  test('an output folder that holds the project or the briefs is refused', async () => {
    const dir = tempProject({'decks/good.md': GOOD})
    for (const out of ['.', 'decks', '..']) {
      const {code, stderr} = await runCli(['build', '--out', out], dir)
      expect(code, out).toBe(2)
      expect(stderr).toMatch(/output folder/)
    }
  })
})

describe('briefdeck check', () => {
  test('reports like build but writes nothing', async () => {
    const dir = tempProject({'decks/good.md': GOOD, 'decks/bad.md': BAD})
    const {code, stdout, stderr} = await runCli(['check'], dir)
    expect(code).toBe(1)
    expect(stderr).toContain('unknown-source')
    expect(stdout).toMatch(/^1 brief checked, 1 failed/)
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false)
  })

  test('checks only the paths given', async () => {
    const dir = tempProject({'decks/good.md': GOOD, 'decks/bad.md': BAD})
    const {code, stdout} = await runCli(['check', 'decks/good.md'], dir)
    expect(code).toBe(0)
    expect(stdout).toMatch(/^1 brief checked, 0 errors, 0 warnings/)
  })
})

describe('usage errors exit 2', () => {
  test.each([
    [['publish'], /unknown command `publish`/],
    [[], /no command given/],
    [['build', 'decks/missing.md'], /decks\/missing.md: no such file or folder/],
    [['build', '--colour'], /Unknown option '--colour'/],
    [['check', '--out', 'x'], /takes no --out/]
  ])('%j', async (args, message) => {
    const dir = tempProject({'decks/good.md': GOOD})
    const {code, stderr} = await runCli(args, dir)
    expect(code).toBe(2)
    expect(stderr).toMatch(message)
    expect(stderr).not.toMatch(/\n\s+at /)
  })

  test('--help prints the usage and exits 0', async () => {
    const {code, stdout} = await runCli(['--help'], REPO)
    expect(code).toBe(0)
    expect(stdout).toContain('briefdeck build [paths…] [--out DIR] [--strict]')
  })
})

test('the installed bin runs and sets the exit code', async () => {
  const bin = path.join(REPO, 'dist', 'cli', 'bin.js')
  expect(fs.existsSync(bin), 'run `npm run build` first (npm test does)').toBe(true)
  const dir = tempProject({'decks/bad.md': BAD})
  const error = await promisify(execFile)(process.execPath, [bin, 'build'], {cwd: dir}).then(
    () => undefined,
    (failure: {code: number; stderr: string}) => failure
  )
  expect(error?.code).toBe(1)
  expect(error?.stderr).toContain('decks/bad.md')
})

describe('unchanged briefs are not rebuilt', () => {
  test('a second build reuses the outputs and replays the warnings; a change to the brief, an image or a theme rebuilds', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>'
    const source = brief('::source{#a title="Never cited"}\n\n![A square](images/square.svg)\n', 'title: Cached')
    const dir = tempProject({'decks/cached.md': source, 'decks/images/square.svg': svg})
    const first = await runCli(['build'], dir)
    expect(first.stdout).toMatch(/^1 brief built, 0 errors, 2 warnings/)
    const deck = path.join(dir, 'out/cached/deck.html')
    const stamp = fs.statSync(deck).mtimeMs
    // Nothing of out/ is written again: neither the pages, nor the index, nor the manifest (the same file, not a copy put in its place).
    const kept = ['out/index.html', 'out/.briefdeck/manifest.json'].map((name) => fs.statSync(path.join(dir, name)))
    const again = await runCli(['build'], dir)
    expect(again.stdout).toMatch(/^1 brief built \(1 unchanged\), 0 errors, 2 warnings/)
    expect(again.stderr).toBe(first.stderr)
    expect(fs.statSync(deck).mtimeMs).toBe(stamp)
    expect(['out/index.html', 'out/.briefdeck/manifest.json'].map((name) => fs.statSync(path.join(dir, name))).map(({ino, mtimeMs}) => ({ino, mtimeMs}))).toEqual(kept.map(({ino, mtimeMs}) => ({ino, mtimeMs})))
    // The image changes.
    fs.writeFileSync(path.join(dir, 'decks/images/square.svg'), svg.replace('4 4', '8 8'))
    expect((await runCli(['build'], dir)).stdout).toMatch(/^1 brief built, /)
    // A theme of the project's own appears.
    fs.mkdirSync(path.join(dir, 'themes'))
    fs.writeFileSync(path.join(dir, 'themes/plain.css'), '/* @theme plain */\nsection { background: white; }\n')
    expect((await runCli(['build'], dir)).stdout).toMatch(/^1 brief built, /)
    expect((await runCli(['build'], dir)).stdout).toMatch(/\(1 unchanged\)/)
    // Other settings, or --force.
    expect((await runCli(['build', '--paper', 'letter'], dir)).stdout).toMatch(/^1 brief built, /)
    expect((await runCli(['build', '--paper', 'letter', '--force'], dir)).stdout).toMatch(/^1 brief built, /)
    // Outputs that went missing are rebuilt.
    fs.rmSync(deck)
    expect((await runCli(['build', '--paper', 'letter'], dir)).stdout).toMatch(/^1 brief built, /)
    expect(fs.existsSync(deck)).toBe(true)
    // …however deep in the brief's folder, and a folder where a file was is no file.
    const image = path.join(dir, 'out/cached/assets/decks/images/square.svg')
    fs.rmSync(image)
    fs.mkdirSync(image)
    const blocked = await runCli(['build', '--paper', 'letter'], dir)
    expect(blocked.code).toBe(2)
    expect(blocked.stdout).toMatch(/^0 briefs built, 1 failed/)
    expect(blocked.stderr).toContain(`${image}: cannot write the outputs of decks/cached.md: it is a folder, not a file (EISDIR). Remove or rename that folder`)
    fs.rmSync(image, {recursive: true})
    expect((await runCli(['build', '--paper', 'letter'], dir)).stdout).toMatch(/^1 brief built, /)
    expect(fs.readFileSync(image, 'utf8')).toContain('<rect')
  })
})

test('a project’s own themes and templates add to the package’s, and win by name', async () => {
  const dir = tempProject({
    'decks/mine.md': brief('Text.\n', 'title: Mine\ntheme: plain'),
    'decks/default.md': brief('Text.\n', 'title: Default'),
    'themes/plain.css': '/* @theme plain */\nsection { background: white; }\n',
    'templates/partials/how-to-cite.hbs': '<footer class="how-to-cite"><p>Our own footer for {{meta.title}}</p></footer>\n'
  })
  const {code, stderr} = await runCli(['build'], dir)
  expect(stderr).toBe('')
  expect(code).toBe(0)
  expect(fs.readFileSync(path.join(dir, 'out/mine/deck.md'), 'utf8')).toMatch(/^theme: "plain"$/m)
  expect(fs.readFileSync(path.join(dir, 'out/default/deck.html'), 'utf8')).toContain('--bd-navy: #0b2545')
  expect(fs.readFileSync(path.join(dir, 'out/default/handout.html'), 'utf8')).toContain('Our own footer for Default')
})

test('the build deletes only files it wrote itself: stale outputs go, a user’s files stay', async () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"/>'
  const dir = tempProject({
    'decks/a.md': brief('![Old picture](images/old.svg)\n', 'title: A'),
    'decks/b.md': brief('Text.\n', 'title: B'),
    'decks/images/old.svg': svg,
    'decks/images/new.svg': svg
  })
  expect((await runCli(['build'], dir)).code).toBe(0)
  fs.writeFileSync(path.join(dir, 'out/notes.txt'), 'mine')
  fs.writeFileSync(path.join(dir, 'out/a/mine.txt'), 'mine too')
  fs.writeFileSync(path.join(dir, 'decks/a.md'), brief('![New picture](images/new.svg)\n', 'title: A'))
  fs.rmSync(path.join(dir, 'decks/b.md'))
  expect((await runCli(['build'], dir)).code).toBe(0)
  expect(fs.existsSync(path.join(dir, 'out/a/assets/decks/images/new.svg'))).toBe(true)
  expect(fs.existsSync(path.join(dir, 'out/a/assets/decks/images/old.svg'))).toBe(false)
  expect(fs.existsSync(path.join(dir, 'out/b'))).toBe(false)
  expect(fs.readFileSync(path.join(dir, 'out/notes.txt'), 'utf8')).toBe('mine')
  expect(fs.readFileSync(path.join(dir, 'out/a/mine.txt'), 'utf8')).toBe('mine too')
  const index = fs.readFileSync(path.join(dir, 'out/index.html'), 'utf8')
  expect(index).toContain('>A<')
  expect(index).not.toContain('>B<')
})

test('a brief that takes too long is stopped and reported; the others still build', async () => {
  const {build} = await import('../src/pipeline/build.js')
  // Under every limit, but slow to build: 4,900 paragraphs of a link each (some 3 s).
  const slow = brief('[a](b)\n\n'.repeat(4900), 'title: Slow')
  const dir = tempProject({'decks/fast.md': GOOD, 'decks/slow.md': slow})
  const result = await build({root: dir, timeout: 1500})
  const [fast, slowResult] = result.briefs
  expect(fast.file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual([])
  expect(fast.ok).toBe(true)
  expect(slowResult.ok).toBe(false)
  expect(slowResult.file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual(['1:1 brief-timeout'])
  expect(slowResult.file.messages[0].reason).toMatch(/took longer than 1.5 s, so it was stopped: look for very long/)
  expect(fs.existsSync(path.join(dir, 'out/fast/deck.html'))).toBe(true)
  expect(fs.existsSync(path.join(dir, 'out/slow'))).toBe(false)
})

test('the index is rewritten only when what it shows changes: a new sentence leaves it, a new title rewrites it', async () => {
  const {build} = await import('../src/pipeline/build.js')
  const dir = tempProject({'decks/one.md': GOOD, 'decks/two.md': brief('## Slide\n\nText.\n', 'title: Second brief')})
  expect((await build({root: dir})).errors).toBe(0)
  const index = path.join(dir, 'out/index.html')
  const before = fs.statSync(index)
  // A sentence in a brief: its pages change, its entry in the index does not.
  fs.writeFileSync(path.join(dir, 'decks/one.md'), GOOD.replace('A claim', 'A new claim'))
  await build({root: dir})
  expect(fs.readFileSync(path.join(dir, 'out/one/deck.html'), 'utf8')).toContain('A new claim')
  const after = fs.statSync(index)
  expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs])
  // A new title: the index shows it.
  fs.writeFileSync(path.join(dir, 'decks/one.md'), GOOD.replace('title: Good brief', 'title: Renamed brief'))
  await build({root: dir})
  const titles = all(fromHtml(fs.readFileSync(index, 'utf8')), 'a').map(text)
  expect(titles).toContain('Renamed brief')
  expect(titles).not.toContain('Good brief')
  // An index removed by hand comes back with the next build, even with nothing changed.
  fs.rmSync(index)
  await build({root: dir})
  expect(all(fromHtml(fs.readFileSync(index, 'utf8')), 'a').map(text)).toContain('Second brief')
})
