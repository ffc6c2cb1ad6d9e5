/**
 * Limits count what the parser will read (every line-ending form, blank lines
 * as CommonMark has them), stop pathological briefs at once with a positioned
 * error, and keep every brief under them within ten seconds; a runaway brief's
 * memory and a folder of slow briefs are bounded too.
 */
import fs from 'node:fs'
import path from 'node:path'
import {VFile} from 'vfile'
import {describe, expect, test} from 'vitest'
import {LIMITS} from '../src/parse/limits.js'
import {SVG_LIMITS} from '../src/resolve/images.js'
import {build} from '../src/pipeline/build.js'
import {analyze, messageLines, tempProject} from './helpers.js'

const head = '---\ntitle: T\n---\n\n'

function rules(body: string): string[] {
  const file = new VFile({path: '/tmp/limits/brief.md', value: head + body})
  analyze(file, {root: '/tmp/limits', files: false})
  return messageLines(file)
}

describe('limits are measured on the text as the parser reads it', () => {
  test.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['a lone CR', '\r']
  ])('5,000 nested containers, lines ended by %s, are too deeply nested', (_name, ending) => {
    const body = `${':::handout'.concat(ending).repeat(5000)}x${ending}`
    expect(rules(body)).toEqual(['105:1 error too-deeply-nested'])
  })

  test.each([
    ['no-break spaces', '\u00A0\u00A0\u00A0'],
    ['ideographic spaces', '\u3000'],
    ['an em space', '\u2003']
  ])('a line of %s does not end a paragraph, so it does not reset the marker count', (_name, spaces) => {
    const body = Array.from({length: 4}, () => '*a'.repeat(600)).join(`\n${spaces}\n`)
    expect(rules(body)).toEqual(['5:1 error too-many-markers'])
    // The control: with real blank lines, each paragraph is under the limit.
    expect(rules(Array.from({length: 4}, () => '*a'.repeat(600)).join('\n\n'))).toEqual([])
  })

  test('markers add up over the brief, and escaped ones do not count', () => {
    const paragraphs = Array.from({length: 25}, () => '*a'.repeat(900)).join('\n\n')
    expect(rules(paragraphs)).toEqual(['49:1 error too-many-markers'])
    expect(rules(Array.from({length: 25}, () => '\\*a'.repeat(900)).join('\n\n'))).toEqual([])
  })

  test('100,000 or 12,000 citations, 1,001 block quotes and 1,001 slides are errors at once', () => {
    expect(rules(`::source{#a title="A"}\n\n${':cite[a] '.repeat(100_000)}\n`)).toEqual(['1:1 error brief-too-large'])
    expect(rules(`::source{#a title="A"}\n\n${':cite[a] '.repeat(12_000)}\n`)).toEqual([expect.stringMatching(/^\d+:1 error too-many-elements$/)])
    expect(rules('> quote\n\n'.repeat(1001))).toEqual(['2005:1 error too-many-elements'])
    expect(rules('## Slide\n\n---\n\n'.repeat(1001))).toEqual([expect.stringMatching(/^\d+:1 error too-many-slides$/)])
  })

  test('over 10,000 unescaped `[` is an error at 1:1; escaped ones do not count', () => {
    expect(rules('[a]( '.repeat(10_001))).toEqual(['1:1 error too-many-elements'])
    expect(rules('\\[a]( '.repeat(10_001))).toEqual([])
  })

  test('a brief over 128 KiB is an error at 1:1', () => {
    expect(rules('A sentence of a very long brief. '.repeat(4100))).toEqual(['1:1 error brief-too-large'])
  })

  test('over 10,000 characters of math is an error at the formula', () => {
    const formula = `$$\n\\begin{array}{c}\n${'a&'.repeat(2600)}\n\\end{array}\n$$\n\n`
    expect(rules(formula.repeat(2))).toEqual(['11:1 error too-much-math'])
  })
})

/** Briefs as hard for the pipeline as the limits allow: each just under every limit. */
function worstCases(): Record<string, string> {
  const bytes = LIMITS.maxBytes - 200
  const fill = (unit: string, count: number) => unit.repeat(Math.min(count, Math.floor(bytes / unit.length)))
  return {
    'link paragraphs': fill('[a](b)\n\n', 4900),
    'inline links': fill('[a](b) ', 4900),
    'a table': `|a|b|\n|-|-|\n${fill('|x|y|\n', 2900)}`,
    'list items': fill('- a\n', 4900),
    headings: fill('## h\n\n', 7400),
    'word paragraphs': fill('A sentence of a brief, with words.\n\n', 7400),
    entities: fill('&amp;\n', Number.MAX_SAFE_INTEGER),
    'open brackets': fill('[', 9900),
    escapes: fill('\\* ', Number.MAX_SAFE_INTEGER),
    'emphasis markers': fill(`${'*a'.repeat(995)}\n\n`, 10),
    'block quotes': fill('> a\n\n', 995),
    slides: fill('## h\n\n---\n\n', 990),
    citations: `::source{#a title="A"}\n\n${fill(':cite[a] ', 4900)}`,
    'unclosed links': fill('[a](', 9900),
    math: `$$\n\\begin{array}{c}\n${'a&'.repeat(4900)}\n\\end{array}\n$$\n`
  }
}

describe('no brief under every limit takes ten seconds', () => {
  test.each(Object.entries(worstCases()))('%s', {timeout: 60_000}, async (name, body) => {
    const dir = tempProject({'decks/worst.md': head + body})
    expect(Buffer.byteLength(head + body)).toBeLessThanOrEqual(LIMITS.maxBytes)
    const result = await build({root: dir, timeout: 10_000})
    const [brief] = result.briefs
    expect(messageLines(brief.file), name).toEqual([])
    expect(brief.ok).toBe(true)
    expect(fs.existsSync(path.join(dir, 'out/worst/deck.html'))).toBe(true)
  })
})

describe('SVG images are bounded too', () => {
  const drawing = (bytes: number) => {
    const rect = '<rect x="1" y="1" width="2" height="2" fill="#0b2545"/>'
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">${rect.repeat(Math.floor((bytes - 100) / rect.length))}</svg>`
  }
  const figures = (names: string[]) => names.map((name) => `::figure{src="${name}" alt="A drawing" credit=c}`).join('\n\n')
  const credit = '::credit{#c author="Us" license="CC0-1.0"}\n\n'

  test('two drawings at the limit, each shown three times, build within the time limit', {timeout: 60_000}, async () => {
    const svg = drawing(SVG_LIMITS.file)
    const dir = tempProject({'decks/a.svg': svg, 'decks/b.svg': svg, 'decks/worst.md': head + credit + figures(['a.svg', 'b.svg', 'a.svg', 'b.svg', 'a.svg', 'b.svg'])})
    const result = await build({root: dir, timeout: 10_000})
    expect(messageLines(result.briefs[0].file)).toEqual([])
    expect(result.briefs[0].ok).toBe(true)
  })

  test('a drawing over 256 KiB, or over 512 KiB of them in one brief, is an error at the figure', () => {
    const dir = tempProject({'decks/big.svg': drawing(SVG_LIMITS.file + 2048), 'decks/a.svg': drawing(200 * 1024), 'decks/b.svg': drawing(200 * 1024), 'decks/c.svg': drawing(200 * 1024)})
    const check = (body: string) => {
      const file = new VFile({path: path.join(dir, 'decks/brief.md'), value: head + credit + body})
      analyze(file, {root: dir})
      return messageLines(file)
    }
    expect(check(figures(['big.svg']))).toEqual(['7:1-7:51 error image-too-large'.replace(/-7:51/, '')].map(() => expect.stringMatching(/^7:\d+ error image-too-large$/)))
    expect(check(figures(['a.svg', 'b.svg', 'c.svg']))).toEqual([expect.stringMatching(/^11:\d+ error image-too-large$/)])
  })
})

describe('runaway briefs are bounded', () => {
  // Under every limit, but some 3 s to build: far over the 0.6 s limit below.
  const slow = head + '[a](b)\n\n'.repeat(4900)

  test('briefs that time out use up a budget; the briefs after it are reported, not started', {timeout: 120_000}, async () => {
    const dir = tempProject({'decks/a.md': slow, 'decks/b.md': slow, 'decks/c.md': slow, 'decks/d.md': slow})
    const started = performance.now()
    const result = await build({root: dir, timeout: 600, timeoutBudget: 1000})
    expect(result.briefs.map((brief) => messageLines(brief.file))).toEqual([
      ['1:1 error brief-timeout'],
      ['1:1 error brief-timeout'],
      ['1:1 error build-time-exhausted'],
      ['1:1 error build-time-exhausted']
    ])
    expect(result.briefs[2].file.messages[0].reason).toMatch(/used up this build's 1 s for such briefs\. Fix or remove the briefs reported with brief-timeout/)
    // Two timed-out briefs, not four (the worker loads first, so allow for that).
    expect(performance.now() - started).toBeLessThan(30_000)
  })

  test('a brief that needs more memory than allowed is stopped with a positioned error; the others build', {timeout: 120_000}, async () => {
    // 800 slides (under every limit) need some 68 to 72 MiB of heap to build on Node 20, 22 and 24; briefdeck
    // itself and a small brief need 32 to 40. A limit of 52 MiB leaves a margin of 12 or more on either side.
    const slides = `${head}${'## Slide title here\n\nA sentence with *words* and [a link](https://example.org).\n\n- one\n- two\n\n---\n\n'.repeat(800)}`
    const dir = tempProject({'decks/big.md': slides, 'decks/small.md': `${head}Small.\n`})
    const result = await build({root: dir, memoryMb: 52, timeout: 60_000})
    const big = result.briefs.find((brief) => brief.slug === 'big')
    const small = result.briefs.find((brief) => brief.slug === 'small')
    expect(messageLines(big!.file)).toEqual(['1:1 error brief-out-of-memory'])
    expect(big!.file.messages[0].reason).toMatch(/needed more than 52 MiB of memory, so it was stopped: look for/)
    // Under a limit too small for briefdeck itself, every brief says so, and none is called a bug.
    const starved = await build({root: dir, memoryMb: 16, timeout: 60_000, write: false})
    for (const brief of starved.briefs) {
      expect(messageLines(brief.file)).toEqual(['1:1 error brief-out-of-memory'])
      expect(brief.file.messages[0]!.reason).toBe(
        'briefdeck needed more than 16 MiB of memory just to start building briefs, so this brief was not built: raise the memory limit (memoryMb) to at least 128 MiB'
      )
    }
    expect(small?.ok).toBe(true)
  })
})
