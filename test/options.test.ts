/**
 * One Options type: the config file, the Eleventy plugin and the remark
 * plugin check the same settings the same way and say the same thing about a
 * bad one; the command line's flags are the same settings.
 */
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {describe, expect, test} from 'vitest'
import briefdeckEleventy from '../src/eleventy/index.js'
import {DEFAULTS, resolveOptions} from '../src/options.js'
import remarkBriefdeck from '../src/remark/index.js'
import {brief, fakeEleventyConfig, runCli, tempProject} from './helpers.js'

const config = fakeEleventyConfig()

function thrown(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    return (error as Error).message
  }
  return ''
}

/** The sentence after `where:`, up to the list of valid settings (which names each front end's own options too). */
const sentence = (message: string) => message.replace(/^[^:]*: /, '').replace(/ Valid settings: .*$/s, '')

describe('the same options, the same checks, everywhere', () => {
  test.each([
    [{paper: 'a3'}, '`paper` must be one of a4, letter. Did you mean `a4`?'],
    [{handoutLayout: 'note'}, '`handoutLayout` must be one of article, notes, slides. Did you mean `notes`?'],
    [{pathz: ['decks']}, 'unknown setting `pathz`. Did you mean `paths`?'],
    [{rules: {'unused-sorce': 'off'}}, '`rules` must be an object of rule ids and severities, and `unused-sorce` is not a rule. Did you mean `unused-source`? The rules are listed in docs/authoring.md'],
    [{strict: 'yes'}, '`strict` must be true or false'],
    [{timeout: 5}, '`timeout` must be a whole number of milliseconds from 1000 to 3600000, e.g. 60000']
  ])('%j', async (options, expected) => {
    const dir = tempProject({'decks/a.md': brief('Text.\n'), 'briefdeck.config.mjs': `export default ${JSON.stringify(options)}\n`})
    const cli = await runCli(['check'], dir)
    expect(cli.code).toBe(2)
    const fromConfig = sentence(cli.stderr.replace(/^briefdeck: /, '').trim())
    const fromEleventy = sentence(thrown(() => briefdeckEleventy(config, {root: dir, ...options} as never)))
    const fromRemark = sentence(thrown(() => unified().use(remarkParse).use(remarkBriefdeck, options as never).freeze()))
    expect(fromConfig).toBe(expected)
    expect(fromEleventy).toBe(expected)
    expect(fromRemark).toBe(expected)
  })

  test('a mistyped flag is named with the right one', async () => {
    const {code, stderr} = await runCli(['build', '--handout-layuot', 'notes'], tempProject())
    expect(code).toBe(2)
    expect(stderr).toMatch(/^briefdeck: Unknown option '--handout-layuot'\. Did you mean `--handout-layout`\?/)
  })

  test('defaults live in one place and paths come out absolute', () => {
    const resolved = resolveOptions({root: '/project'})
    expect(resolved).toEqual({
      ...DEFAULTS,
      root: '/project',
      paths: ['/project/decks'],
      out: '/project/out',
      themes: '/project/themes',
      templates: '/project/templates',
      rules: {}
    })
  })
})
