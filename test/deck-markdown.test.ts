/**
 * deck.md is written by mdast-util-to-markdown with its escaping narrowed to
 * the patterns a text can match (deck/markdown.ts): held against the library
 * writing the same tree on its own, on text that holds every ASCII mark at the
 * start, middle and end of paragraphs, headings, list items, table cells,
 * links, emphasis and math.
 */
import type {PhrasingContent, Root, RootContent} from 'mdast'
import {toMarkdown} from 'mdast-util-to-markdown'
import {describe, expect, test} from 'vitest'
import {markdownOptions, serializeDeck} from '../src/deck/markdown.js'

const MARKS = [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~']

function texts(): string[] {
  return MARKS.flatMap((mark) => [mark, `${mark} a`, `a ${mark}`, `a${mark}b`, `${mark}${mark}${mark}`, `1${mark} b`, `www.example.org${mark}`, `a\n${mark} b`, `  ${mark}\ta`])
}

function tree(): Root {
  const children: RootContent[] = []
  for (const value of texts()) {
    const text = (): PhrasingContent => ({type: 'text', value})
    children.push(
      {type: 'paragraph', children: [text()]},
      {type: 'heading', depth: 2, children: [text()]},
      {type: 'list', ordered: false, children: [{type: 'listItem', children: [{type: 'paragraph', children: [text()]}]}]},
      {type: 'paragraph', children: [{type: 'emphasis', children: [text()]}, text(), {type: 'strong', children: [text()]}, {type: 'inlineMath', value}]},
      {type: 'paragraph', children: [{type: 'link', url: 'https://example.org', children: [text()]}, {type: 'inlineCode', value}]},
      {type: 'table', children: [{type: 'tableRow', children: [{type: 'tableCell', children: [text()]}, {type: 'tableCell', children: [text()]}]}]},
      {type: 'blockquote', children: [{type: 'paragraph', children: [text()]}]}
    )
  }
  return {type: 'root', children}
}

describe('deck.md', () => {
  test('escapes exactly as mdast-util-to-markdown does on its own', () => {
    const expected = toMarkdown(tree(), markdownOptions())
    const {markdown} = serializeDeck(tree())
    // Marks were escaped at all: the comparison compares something.
    expect(expected).toContain('\\#')
    expect(expected).toContain('\\|')
    expect(markdown).toBe(expected)
  })
})
