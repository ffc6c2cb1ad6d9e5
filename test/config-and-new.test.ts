/**
 * Configuration (flag, then config file, then default), `briefdeck new`, and
 * the progress line.
 */
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {loadConfig} from '../src/config/load.js'
import {brief, runBin, runCli, tempProject} from './helpers.js'
import {main} from '../src/cli/main.js'

const GOOD = brief('## Slide\n\nText.\n', 'title: Configured')

describe('configuration', () => {
  test('briefdeck.config.js sets paths and out, resolved against its own folder; a flag wins', async () => {
    const dir = tempProject({
      'briefs/one.md': GOOD,
      'briefdeck.config.js': "export default {paths: ['briefs'], out: 'public', handoutLayout: 'notes', paper: 'letter'}\n"
    })
    const {code} = await runCli(['build'], path.join(dir))
    expect(code).toBe(0)
    const handout = fs.readFileSync(path.join(dir, 'public/one/handout.html'), 'utf8')
    expect(handout).toContain('class="layout-notes paper-letter"')
    expect((await runCli(['build', '--out', 'flagged', '--handout-layout', 'slides'], dir)).code).toBe(0)
    expect(fs.readFileSync(path.join(dir, 'flagged/one/handout.html'), 'utf8')).toContain('class="layout-slides paper-letter"')
  })

  test('a brief’s own front matter wins over the config’s default; the config’s default over the built-in one', async () => {
    const dir = tempProject({
      'decks/own.md': brief('Text.\n', 'title: Own\nhandout:\n  layout: slides'),
      'decks/plain.md': GOOD,
      'package.json': JSON.stringify({name: 'site', briefdeck: {handoutLayout: 'notes', theme: 'briefing-dark'}})
    })
    expect((await runCli(['build'], dir)).code).toBe(0)
    expect(fs.readFileSync(path.join(dir, 'out/own/handout.html'), 'utf8')).toContain('layout-slides')
    expect(fs.readFileSync(path.join(dir, 'out/plain/handout.html'), 'utf8')).toContain('layout-notes')
    expect(fs.readFileSync(path.join(dir, 'out/plain/deck.md'), 'utf8')).toMatch(/^theme: "briefing-dark"$/m)
    // --handout-layout is the same setting as the config's `handoutLayout`: over the config, under the brief's own.
    expect((await runCli(['build', '--handout-layout', 'article', '--out', 'flagged'], dir)).code).toBe(0)
    expect(fs.readFileSync(path.join(dir, 'flagged/own/handout.html'), 'utf8')).toContain('layout-slides')
    expect(fs.readFileSync(path.join(dir, 'flagged/plain/handout.html'), 'utf8')).toContain('layout-article')
  })

  test.each([
    ["export default {outDir: 'x'}", 'briefdeck.config.mjs: unknown setting `outDir`. Did you mean `out`? Valid settings: paths, out, root, theme, themes, templates, handoutLayout, paper, strict, allowStyles, rules, timeout, bibliography, siteUrl, citationStyle, labels'],
    ["export default {rules: {'unused-sorce': 'off'}}", 'briefdeck.config.mjs: `rules` must be an object of rule ids and severities, and `unused-sorce` is not a rule. Did you mean `unused-source`?'],
    ["export default {rules: {'unused-source': 'silent'}}", 'the severity of `unused-source` must be one of error, warn, off'],
    ["export default {rules: {'unsafe-url': 'off'}}", '`unsafe-url` cannot be changed'],
    ["export default {paper: 'a3'}", 'briefdeck.config.mjs: `paper` must be one of a4, letter'],
    ["export default {strict: 'yes'}", '`strict` must be true or false'],
    ['export default [1]', 'must export an object of settings'],
    ['export default {', 'briefdeck.config.mjs could not be loaded'],
    ["export default {theme: 'nope'}", 'The default theme `nope` does not exist']
  ])('%s is a clear error (exit 2)', async (source, message) => {
    const dir = tempProject({'decks/a.md': GOOD, 'briefdeck.config.mjs': source})
    const {code, stderr} = await runCli(['build'], dir)
    expect(code).toBe(2)
    expect(stderr).toContain(message)
    expect(stderr).not.toMatch(/\n\s+at /)
  })

  // Themes are read by the workers that render, not by the build's own thread: their errors must still stop the build the same way.
  test.each([
    ['a theme file without its @theme header', {'themes/house.css': 'section { color: navy; }\n'}, 'themes/house.css: not a Marp theme', 'Start the file with a comment such as /* @theme house */'],
    [
      'a default theme named only in a comment, not in a header',
      {'themes/house.css': '/* @theme house */\n/* like @theme nope but not it */\n', 'briefdeck.config.mjs': "export default {theme: 'nope'}"},
      'The default theme `nope` does not exist',
      'use one of default, gaia, uncover'
    ],
    ['a template with a Handlebars mistake', {'templates/deck.hbs': '<main>{{#if title}}{{title}}</main>\n'}, 'templates/deck.hbs: not a valid Handlebars template (Parse error on line 2: Expecting', 'fix it, or delete it to use briefdeck'],
    ['a partial with a Handlebars mistake', {'templates/partials/head.hbs': '{{#each}}\n'}, 'templates/partials/head.hbs: not a valid Handlebars template', 'fix it'],
    ['a template asking for a message that does not exist', {'templates/partials/head.hbs': '<title>{{t "noSuchWord"}}</title>\n'}, 'A template asks for the message "noSuchWord"', 'use one of its names'],
    // Briefs stopped before a worker (two with one slug): the themes are still read.
    ['a theme file without its header, when no brief reaches a worker', {'themes/house.css': 'section { color: navy; }\n', 'decks/more/a.md': GOOD}, 'themes/house.css: not a Marp theme', 'Start the file with a comment'],
    ['a folder named like a theme file', {'themes/house.css/notes.txt': 'x\n'}, 'themes/house.css', 'it is a folder, not a file'],
    ['a folder named like a partial', {'templates/partials/foot.hbs/notes.txt': 'x\n'}, 'templates/partials/foot.hbs: cannot read', 'it is a folder, not a file'],
    ['a folder named like a page template', {'templates/deck.hbs/notes.txt': 'x\n'}, 'templates/deck.hbs: cannot read', 'it is a folder, not a file'],
    ['a folder named like a template asset', {'templates/assets/deck-page.css/notes.txt': 'x\n'}, 'templates/assets/deck-page.css: cannot read', 'it is a folder, not a file']
  ] as Array<[string, Record<string, string>, string, string]>)('%s is a clear error (exit 2), and earlier outputs stay', async (_name, files, message, fix) => {
    const dir = tempProject({'decks/a.md': GOOD})
    expect((await runCli(['build'], dir)).code).toBe(0)
    const before = fs.readFileSync(path.join(dir, 'out/a/deck.html'), 'utf8')
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
      fs.writeFileSync(path.join(dir, name), text)
    }
    const {code, stderr, stdout} = await runBin(['build'], dir)
    expect(code).toBe(2)
    expect(stderr).toContain(message)
    expect(stderr).toContain(fix)
    expect(stderr + stdout).not.toMatch(/\n\s+at |this is a bug/i)
    expect(fs.readFileSync(path.join(dir, 'out/a/deck.html'), 'utf8')).toBe(before)
  })

  // Every module system a project may use, each run through the real command (a child process, as a user runs it).
  const CONFIGS: Array<[string, Record<string, string>]> = [
    ['briefdeck.config.mjs', {'briefdeck.config.mjs': "export default {out: 'public'}\n"}],
    ['briefdeck.config.cjs', {'briefdeck.config.cjs': "module.exports = {out: 'public'}\n"}],
    ['briefdeck.config.js in a "type": "module" package', {'package.json': '{"type": "module"}', 'briefdeck.config.js': "export default {out: 'public'}\n"}],
    ['briefdeck.config.js in a "type": "commonjs" package', {'package.json': '{"type": "commonjs"}', 'briefdeck.config.js': "module.exports = {out: 'public'}\n"}],
    ['briefdeck.config.js with no package.json', {'briefdeck.config.js': "module.exports = {out: 'public'}\n"}],
    ['briefdeck.config.js with export default and no "type" in package.json', {'package.json': '{"name": "site"}', 'briefdeck.config.js': "export default {out: 'public'}\n"}],
    ['briefdeck.config.json', {'briefdeck.config.json': '{"out": "public"}\n'}],
    ['package.json "briefdeck"', {'package.json': JSON.stringify({name: 'site', type: 'commonjs', briefdeck: {out: 'public'}})}]
  ]
  test.each(CONFIGS)('%s sets out', async (_name, files) => {
    const dir = tempProject({'decks/a.md': GOOD, ...files})
    const {code, stderr} = await runBin(['build'], dir)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(fs.existsSync(path.join(dir, 'public/a/deck.html'))).toBe(true)
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false)
  })

  test.each([
    ['export default in a .js file of a "type": "commonjs" package (as npm init -y makes it)', {'package.json': '{"name": "site", "type": "commonjs"}', 'briefdeck.config.js': "export default {out: 'public'}\n"}, 'briefdeck.config.js uses ES module syntax (export or import), but package.json\'s "type" (CommonJS) makes .js files CommonJS: rename it briefdeck.config.mjs, or write module.exports = {…}'],
    ['module.exports in a .js file of a "type": "module" package', {'package.json': '{"type": "module"}', 'briefdeck.config.js': "module.exports = {out: 'public'}\n"}, 'briefdeck.config.js uses CommonJS (module.exports or require), but package.json\'s "type": "module" makes .js files ES modules: rename it briefdeck.config.cjs, or write export default {…}'],
    ['require() in a .mjs file', {'briefdeck.config.mjs': "const path = require('node:path')\nexport default {out: path.join('public')}\n"}, 'briefdeck.config.mjs uses CommonJS (module.exports or require), but a .mjs file is an ES module: rename it briefdeck.config.cjs, or write export default {…}'],
    ['export in a .cjs file', {'briefdeck.config.cjs': "export default {out: 'public'}\n"}, 'briefdeck.config.cjs uses ES module syntax (export or import), but a .cjs file is CommonJS: rename it briefdeck.config.mjs, or write module.exports = {…}'],
    ['broken JSON', {'briefdeck.config.json': '{"out": "public",}\n'}, 'briefdeck.config.json is not valid JSON ('],
    ['two config files', {'briefdeck.config.mjs': 'export default {}\n', 'briefdeck.config.json': '{}'}, 'briefdeck.config.mjs and briefdeck.config.json both hold briefdeck’s settings in'.replace('’', "'")],
    ['a config file and package.json "briefdeck"', {'briefdeck.config.cjs': 'module.exports = {}\n', 'package.json': '{"briefdeck": {"out": "public"}}'}, 'briefdeck.config.cjs and package.json "briefdeck" both hold briefdeck\'s settings in'],
    ['"briefdeck": false in package.json', {'package.json': '{"name": "site", "briefdeck": false}'}, 'package.json "briefdeck" must hold an object of settings, e.g. {"out": "public"}'],
    ['an empty briefdeck.config.mjs', {'briefdeck.config.mjs': ''}, "briefdeck.config.mjs must export an object of settings, e.g. export default {out: 'public'}"],
    ['briefdeck.config.mjs that is a folder', {'briefdeck.config.mjs/x': ''}, 'briefdeck.config.mjs could not be read (EISDIR'],
    ['a JSON array', {'briefdeck.config.json': '[]'}, 'briefdeck.config.json must hold an object of settings, e.g. {"out": "public"}']
  ])('%s: exit 2 with how to fix it, nothing built', async (_name, files, message) => {
    const dir = tempProject({'decks/a.md': GOOD, ...files})
    const {code, stderr} = await runBin(['build'], dir)
    expect(code).toBe(2)
    expect(stderr).toContain(message)
    expect(stderr).not.toMatch(/\n\s+at /)
    // Only our message: none of Node's warnings about module types before it.
    expect(stderr).not.toContain('Warning')
    expect(fs.existsSync(path.join(dir, 'public'))).toBe(false)
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false)
  })

  test('a warning the config file itself emits is still shown; Node’s module-type advice is not', async () => {
    const dir = tempProject({
      'decks/a.md': GOOD,
      'package.json': '{"name": "site"}',
      'briefdeck.config.js': "process.emitWarning('The house style changes in May')\nexport default {out: 'public'}\n"
    })
    const {code, stderr} = await runBin(['build'], dir)
    expect(code).toBe(0)
    expect(stderr).toContain('Warning: The house style changes in May')
    expect(stderr).not.toContain('MODULE_TYPELESS_PACKAGE_JSON')
    expect(fs.existsSync(path.join(dir, 'public/a/deck.html'))).toBe(true)
  })

  test('no config at all gives an empty one', async () => {
    expect(await loadConfig(tempProject())).toEqual({config: {}})
  })
})

describe('briefdeck new', () => {
  test('writes a brief that uses every annotation and builds first time without errors or warnings', async () => {
    const dir = tempProject()
    const made = await runCli(['new', 'energy-security'], dir)
    expect(made.code).toBe(0)
    expect(made.stdout).toContain('Wrote decks/energy-security.md')
    const source = fs.readFileSync(path.join(dir, 'decks/energy-security.md'), 'utf8')
    for (const annotation of ['::source{', ':cite[', ':::quote{', '::credit{', '::figure{', ':::notes', ':::handout', ':::slides', '::sources', '::credits']) {
      expect(source, annotation).toContain(annotation)
    }
    const built = await runCli(['build'], dir)
    expect(built.stderr).toBe('')
    expect(built.stdout).toMatch(/^1 brief built, 0 errors, 0 warnings/)
    expect(fs.existsSync(path.join(dir, 'out/energy-security/assets/decks/images/energy-security.svg'))).toBe(true)
  })

  test('refuses a bad name or an existing brief', async () => {
    const dir = tempProject({'decks/taken.md': GOOD})
    expect((await runCli(['new', 'Bad Name'], dir)).stderr).toContain('is not a usable name')
    const taken = await runCli(['new', 'taken'], dir)
    expect(taken.code).toBe(2)
    expect(taken.stderr).toContain('already exists')
    expect(fs.readFileSync(path.join(dir, 'decks/taken.md'), 'utf8')).toBe(GOOD)
  })
})

describe('progress', () => {
  test('a terminal gets a progress line that rewrites itself; CI logs do not', async () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 3; i++) files[`decks/b${i}.md`] = GOOD
    const dir = tempProject(files)
    let tty = ''
    await main(['build'], {cwd: dir, stdout: () => undefined, stderr: (t) => (tty += t), interactive: true})
    // Briefs build in parallel: each line names the brief just done, in the order they finish.
    expect(tty).toMatch(/\r\u001B\[2K\[1\/3\] decks\/b[012]\.md/)
    expect(tty).toMatch(/\[2\/3\] decks\/b[012]\.md/)
    // Two different briefs named, and the line cleared once all three are done.
    expect(new Set(tty.match(/decks\/b\d\.md/g)).size).toBe(2)
    expect(tty.endsWith('\r\u001B[2K')).toBe(true)
    let log = ''
    await main(['build'], {cwd: dir, stdout: () => undefined, stderr: (t) => (log += t), interactive: false})
    expect(log).toBe('')
  })
})
