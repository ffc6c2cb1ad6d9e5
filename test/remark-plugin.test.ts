/**
 * The remark plugin inside a plain unified pipeline that is not ours.
 */
import path from 'node:path'
import {fromHtml} from 'hast-util-from-html'
import rehypeSanitize, {defaultSchema, type Options as Schema} from 'rehype-sanitize'
import rehypeStringify from 'rehype-stringify'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, test} from 'vitest'
import remarkBriefdeck from '../src/remark/index.js'
import {all, one, tempProject, text} from './helpers.js'

const SOURCE = `---
title: A page
---

# A page

::source{#isw title="Why You Can’t be an Iran Hawk and a Russia Dove" publisher="Institute for the Study of War" date="2024-04-18"}
::credit{#photo title="Meeting" author="khamenei.ir" license="CC-BY-4.0"}

Iran’s fortunes:cite[isw]{loc="p. 2"} at 10:30.

:::quote{source=isw}
Those concerned with the growth of Iran’s **military** power.
:::

::figure{src="https://example.org/photo.jpg" alt="Putin and Khamenei" caption="Tehran." credit=photo}

:::notes
Not for the page.
:::

:::slides
Not for the page either.
:::
`

async function render(source: string, pipeline = unified().use(remarkParse).use(remarkBriefdeck)) {
  const file = new VFile({path: 'page.md', value: source})
  const html = String(await pipeline.use(remarkRehype).use(rehypeStringify).process(file))
  return {file, html, tree: fromHtml(html, {fragment: true})}
}

describe('remark-briefdeck in a plain unified pipeline', () => {
  test('renders citations, quotes, figures and both lists through remark-rehype', async () => {
    const {tree, file} = await render(SOURCE)
    expect(file.messages).toEqual([])
    const sup = one(tree, 'sup.citation')
    expect(one(sup, 'a').properties).toMatchObject({href: '#user-content-note-1', id: 'user-content-cite-ref-1'})
    expect(text(sup)).toBe('1, p. 2')
    const quote = one(tree, 'figure.quote')
    expect(one(quote, 'blockquote strong')).toBeTruthy()
    expect(text(one(quote, 'figcaption'))).toBe('— Institute for the Study of War, Why You Can’t be an Iran Hawk and a Russia Dove 1')
    const figure = one(tree, 'figure.figure')
    expect(one(figure, 'img').properties).toMatchObject({src: 'https://example.org/photo.jpg', alt: 'Putin and Khamenei'})
    expect(text(one(figure, '.credit'))).toBe('“Meeting” by khamenei.ir is licensed under CC BY 4.0.')
    const note = one(tree, 'section.endnotes li#user-content-note-1')
    expect(text(note)).toContain('“Why You Can’t be an Iran Hawk and a Russia Dove”, Institute for the Study of War, April 18, 2024.')
    expect(all(note, 'a[role="doc-backlink"]').map((a) => a.properties.href)).toEqual(['#user-content-cite-ref-1', '#user-content-cite-ref-2'])
    expect(all(tree, 'section.credits li')).toHaveLength(1)
    expect(text(tree)).toContain('at 10:30.')
    expect(text(tree)).not.toContain('Not for the page')
  })

  test('citationStyle and bibliography as options: the page cites from a library in APA, as the CLI does', async () => {
    const root = tempProject({'refs/library.json': JSON.stringify([{id: 'stroul2024', type: 'report', title: 'Iran’s axis of resistance', author: [{family: 'Stroul', given: 'Dana'}], issued: {'date-parts': [[2024, 3]]}, publisher: 'The Washington Institute'}])})
    const pipeline = unified().use(remarkParse).use(remarkBriefdeck, {root, bibliography: [path.join(root, 'refs/library.json')], citationStyle: 'apa'})
    const {tree, file} = await render(`---\ntitle: A page\n---\n\nA claim:cite[stroul2024, p. 4]. Another:cite[isw].\n\n::source{#isw title="Why You Can’t be an Iran Hawk" author="Institute for the Study of War" date=2024-04}\n`, pipeline)
    expect(file.messages).toEqual([])
    expect(all(tree, 'span.citation').map(text)).toEqual(['(Stroul, 2024, p. 4)', '(Institute for the Study of War, 2024)'])
    expect(all(tree, 'section.references li').map((item) => text(item).slice(0, 34))).toEqual(['Institute for the Study of War. (2', 'Stroul, D. (2024). Iran’s axis of '])
  })

  test('reports problems as vfile messages with positions and rule ids', async () => {
    // A page of a site, without briefdeck's front matter: `missing-title` is turned off, as the docs say.
    const {file} = await render(
      'Claim:cite[nowhere].\n\n:::qoute\nx\n:::\n\n::figure{src="javascript:alert(1)" alt="x"}\n',
      unified().use(remarkParse).use(remarkBriefdeck, {rules: {'missing-title': 'off'}})
    )
    expect(file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`).sort()).toEqual([
      '1:6 unknown-source',
      '3:1 unknown-annotation',
      '7:1 missing-credit',
      '7:14 invalid-src'
    ])
  })

  test('`others: keep` leaves other plugins’ directives alone; `lists: false` adds no lists', async () => {
    const {file, tree} = await render(
      '::source{#a title="A"}\n\n:::note\nAn admonition.\n:::\n\nClaim:cite[a].\n',
      unified().use(remarkParse).use(remarkBriefdeck, {others: 'keep', lists: false, rules: {'missing-title': 'off'}})
    )
    expect(file.messages).toEqual([])
    expect(all(tree, 'section.endnotes')).toHaveLength(0)
    expect(text(tree)).toContain('An admonition.')
  })

  test('with rehype-sanitize’s default schema, ids and links still match', async () => {
    const schema: Schema = {...defaultSchema, attributes: {...defaultSchema.attributes, sup: [['className', 'citation']], section: [['className', 'endnotes', 'credits']]}}
    const file = new VFile({value: '::source{#a title="A"}\n\nClaim:cite[a].\n'})
    const html = String(
      await unified()
        .use(remarkParse)
        .use(remarkBriefdeck, {clobberPrefix: '', linkPrefix: 'user-content-'})
        .use(remarkRehype)
        .use(rehypeSanitize, schema)
        .use(rehypeStringify)
        .process(file)
    )
    const tree = fromHtml(html, {fragment: true})
    const href = String(one(tree, 'sup a').properties.href)
    expect(all(tree, `[id="${href.slice(1)}"]`)).toHaveLength(1)
  })
})
