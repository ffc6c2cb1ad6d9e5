/**
 * Rules as data: the table in src/rules.ts, the docs that list it, and
 * severities changed by the `rules` option from the config file and from the
 * plugins' options.
 */
import fs from 'node:fs'
import path from 'node:path'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, test} from 'vitest'
import remarkBriefdeck from '../src/remark/index.js'
import {RULES, RULES_DOCS} from '../src/rules.js'
import {REPO, runCli, tempProject} from './helpers.js'

const BRIEF = `---
title: Rules
---

::source{#used title="Used"}
::source{#unused title="Never cited"}

A claim:cite[used].

![A chart](chart.png)
`

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex')

describe('the rule table', () => {
  test('docs/authoring.md lists every rule with its default severity, whether it can change, and its description', () => {
    const docs = fs.readFileSync(path.join(REPO, RULES_DOCS), 'utf8')
    const table = docs.slice(docs.indexOf('<!-- rules:start'), docs.indexOf('<!-- rules:end'))
    const rows = [...table.matchAll(/^\| <a id="rule-([a-z-]+)"><\/a>`([a-z-]+)` \| (error|warning) \| (yes|no) \| (.+) \|$/gm)]
    const documented = rows.map(([, anchor, id, severity, configurable, description]) => ({anchor, id, severity, configurable, description}))
    const expected = Object.entries(RULES).map(([id, rule]) => ({
      anchor: id,
      id,
      severity: rule.severity === 'warn' ? 'warning' : 'error',
      configurable: (rule as {configurable?: boolean}).configurable === false ? 'no' : 'yes',
      description: rule.description
    }))
    expect(documented).toEqual(expected)
  })
  // Every rule id that the source reports is in the table: `report()` takes a `RuleId`, so the type check sees to it.
})

describe('rules change severities', () => {
  test('from briefdeck.config.js: a warning turned off, another made an error (exit 1)', async () => {
    const dir = tempProject({'decks/a.md': BRIEF, 'decks/chart.png': PNG})
    const before = await runCli(['check'], dir)
    expect(before.code).toBe(0)
    expect(before.stderr).toMatch(/warning .*unused-source/)
    expect(before.stderr).toMatch(/warning .*missing-credit/)

    fs.writeFileSync(path.join(dir, 'briefdeck.config.js'), "export default {rules: {'unused-source': 'off', 'missing-credit': 'error'}}\n")
    fs.writeFileSync(path.join(dir, 'package.json'), '{"type": "module"}\n')
    const after = await runCli(['check'], dir)
    expect(after.code).toBe(1)
    expect(after.stderr).not.toMatch(/unused-source/)
    expect(after.stderr).toMatch(/error .*missing-credit/)
  })

  test('from the remark plugin’s options, the same way', async () => {
    const root = tempProject({'chart.png': PNG})
    const run = async (rules?: Record<string, string>) => {
      const file = new VFile({path: path.join(root, 'page.md'), value: BRIEF})
      const processor = unified().use(remarkParse).use(remarkBriefdeck, {root, rules} as never)
      await processor.run(processor.parse(file), file)
      return file.messages.map((message) => `${message.ruleId} ${message.fatal ? 'error' : 'warning'}`).sort()
    }
    expect(await run()).toEqual(['missing-credit warning', 'unused-source warning'])
    expect(await run({'unused-source': 'off', 'missing-credit': 'error'})).toEqual(['missing-credit error'])
    // Messages link to the rule's row in the docs.
    const file = new VFile({path: path.join(root, 'page.md'), value: BRIEF})
    const processor = unified().use(remarkParse).use(remarkBriefdeck, {root})
    await processor.run(processor.parse(file), file)
    expect(file.messages[0].url).toMatch(/^docs\/authoring\.md#rule-[a-z-]+$/)
    expect(file.messages.every((message) => message.source === 'briefdeck')).toBe(true)
  })

  test('an unknown rule, a bad severity and a fixed rule are errors with a way out', async () => {
    const file = new VFile({value: BRIEF})
    const use = (rules: unknown) => () => unified().use(remarkParse).use(remarkBriefdeck, {rules} as never).freeze()
    expect(use({'unused-sorce': 'off'})).toThrow('`unused-sorce` is not a rule. Did you mean `unused-source`?')
    expect(use({'unused-source': 'quiet'})).toThrow('must be one of error, warn, off')
    expect(use({'image-outside-project': 'off'})).toThrow('`image-outside-project` cannot be changed')
    expect(file.messages).toEqual([])
  })
})
