/**
 * Every diagnostic, from a fixture folder: `input.md` plus `expected.txt`
 * (one `line:column severity rule-id` per message).
 */
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {buildBrief, FIXTURES, messageLines, tempProject, analyze} from './helpers.js'

const dir = path.join(FIXTURES, 'diagnostics')
const cases = fs.readdirSync(dir).sort()

describe('diagnostics fixtures', () => {
  test('there is a fixture for every rule we document', () => {
    const rules = new Set(
      cases.flatMap((name) =>
        fs.readFileSync(path.join(dir, name, 'expected.txt'), 'utf8').trim().split('\n').filter(Boolean).map((line) => line.split(' ')[2])
      )
    )
    for (const rule of [
      'unknown-source',
      'unknown-credit',
      'image-outside-project',
      'invalid-lang',
      'frontmatter-invalid',
      'wrong-annotation-form',
      'duplicate-key',
      'unknown-annotation',
      'unknown-attribute',
      'missing-attribute',
      'invalid-url',
      'invalid-src',
      'invalid-date',
      'invalid-license',
      'missing-alt',
      'missing-image',
      'unknown-theme',
      'frontmatter-yaml',
      'missing-title',
      'unclosed-container',
      'stray-fence',
      'malformed-attributes',
      'unused-source',
      'quote-unattributed',
      'missing-credit',
      'credit-missing-license',
      'credit-missing-author',
      'frontmatter-unknown-key'
    ]) {
      expect(rules, rule).toContain(rule)
    }
  })

  test.each(cases)('%s', async (name) => {
    const source = fs.readFileSync(path.join(dir, name, 'input.md'), 'utf8')
    const expected = fs.readFileSync(path.join(dir, name, 'expected.txt'), 'utf8').trim().split('\n').filter(Boolean)
    const {file} = await buildBrief(source, {root: tempProject()})
    expect(messageLines(file).sort()).toEqual([...expected].sort())
    for (const message of file.messages) {
      expect(message.source).toBe('briefdeck')
      // Every message says how to fix the problem: a sentence with an instruction after its first clause.
      expect(message.reason).toMatch(/[:.?] .*\b(add|use|write|give|define|check|delete|describe|fix|keep|cite|rename|quote|set|close|remove)\b/i)
      expect(message.line).toBeGreaterThan(0)
      expect(message.column).toBeGreaterThan(0)
    }
  })
})

describe('limits and styles', () => {
  test('a brief over the size limit is an error at once', async () => {
    const {file} = await buildBrief(`---\ntitle: Huge\n---\n\n${'A sentence of a very long brief. '.repeat(70_000)}`)
    expect(messageLines(file)).toEqual(['1:1 error brief-too-large'])
    expect(file.messages[0].reason).toMatch(/over the limit of 128 KiB \(some 20,000 words\): split it/)
  })

  test('with allowStyles, style blocks stay but remote URLs and @import stay forbidden', async () => {
    const {VFile} = await import('vfile')
    const run = (body: string) => {
      const file = new VFile({path: 'x.md', value: `---\ntitle: S\n---\n\n${body}`})
      analyze(file, {allowStyles: true})
      return messageLines(file)
    }
    expect(run('<style>\nh1 { color: red; background: url(data:image/png;base64,AAAA) }\n</style>\n')).toEqual([])
    expect(run('<style>\n@import "https://evil.example/x.css";\n</style>\n')).toEqual(['5:1 error remote-css'])
    expect(run('<style>\nh1 { background: url("//evil.example/x.png") }\n</style>\n')).toEqual(['5:1 error remote-css'])
    expect(run('<!-- style: "h1 { background: url(https://evil.example/p.png) }" -->\n')).toEqual(['5:1 error remote-css'])
  })
})

describe('big and pathological input ends with a result or a clear error', () => {
  const run = async (body: string) => {
    const {build} = await import('../src/pipeline/build.js')
    const dir = tempProject({'decks/big.md': `---\ntitle: Big\n---\n\n${body}`, 'decks/small.md': '---\ntitle: Small\n---\n\nText.\n'})
    // The worker's time limit bounds the build; the test finishing is the point.
    const result = await build({root: dir, timeout: 30_000})
    const big = result.briefs.find((brief) => brief.slug === 'big')
    const small = result.briefs.find((brief) => brief.slug === 'small')
    expect(small?.ok).toBe(true)
    return big
  }

  test('a brief just under the size limit (125 KB) builds', async () => {
    const paragraph = 'The coalition that defended Israel on April 14 shows what integrated air defence can do. '.repeat(10)
    const big = await run(`${paragraph}\n\n`.repeat(Math.floor(125_000 / (paragraph.length + 2))))
    expect(big?.ok).toBe(true)
    expect(big?.file.messages).toEqual([])
  })

  test('5,000 nested containers are a clear error', async () => {
    const big = await run(`${':::handout\n'.repeat(5000)}x\n`)
    expect(big?.ok).toBe(false)
    expect(messageLines(big!.file)).toEqual(['105:1 error too-deeply-nested'])
  })

  test('50,000 repeated emphasis markers are a clear error', async () => {
    const big = await run(`${'*a'.repeat(50_000)}\n`)
    expect(big?.ok).toBe(false)
    expect(messageLines(big!.file)).toEqual(['5:1 error too-many-markers'])
  })

  test('5,000 nested block quotes and lists are clear errors too', async () => {
    expect(messageLines((await run(`${'> '.repeat(5000)}x\n`))!.file)).toEqual(['5:1 error too-deeply-nested'])
    expect(messageLines((await run(`${'- '.repeat(5000)}x\n`))!.file)).toEqual(['5:1 error too-deeply-nested'])
    expect(messageLines((await run(Array.from({length: 300}, (_, i) => `${'  '.repeat(i)}- x`).join('\n')))!.file)).toEqual(['205:1 error too-deeply-nested'])
  })
})

describe('diagnostics name the cause', () => {
  const reasons = async (name: string) => {
    const source = fs.readFileSync(path.join(dir, name, 'input.md'), 'utf8')
    const {file} = await buildBrief(source, {root: tempProject()})
    return file.messages.map((message) => message.reason)
  }

  test('a container that lost its fence mid-file is named, at its line, with the fix', async () => {
    const [reason] = await reasons('missing-fence-mid-file')
    expect(reason).toBe(
      '`:::slides` has no closing fence of its own, so the `:::` on line 12 (meant for `:::notes` on line 10) closes it: add a line `:::` where `:::slides` should end, before line 10'
    )
  })

  test('an unquoted value with a space says to quote it, pointing at the whole value', async () => {
    const [reason] = await reasons('unquoted-value')
    expect(reason).toBe('The value of `title` has a space, so `Plan` was read as another attribute: quote the value, e.g. `title="REPowerEU Plan"`')
  })

  test('a Markdown image without alt text is the same error as a figure without alt', async () => {
    const all = await reasons('image-missing-alt')
    expect(all[0]).toMatch(/^This image has no alt text: describe it/)
  })
})
