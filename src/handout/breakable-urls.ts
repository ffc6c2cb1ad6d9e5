/**
 * Long addresses on paper break where a reader expects them to: after a slash
 * and before other punctuation (`.`, `-`, `_`, `?`, `#`, `&`, `=`), never in
 * the middle of a word. A `<wbr>` marks each place; the parts between are kept whole.
 */
import type {Element, ElementContent, Root} from 'hast'
import {visit} from 'unist-util-visit'

const ADDRESS = /^(?:https?:\/\/|www\.)\S{12,}$/

/** The rehype plugin: every link text that is an address gets its break opportunities. */
export default function rehypeBreakableUrls() {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'a') return
      node.children = node.children.flatMap((child): ElementContent[] => (child.type === 'text' && ADDRESS.test(child.value) ? breakable(child.value) : [child]))
    })
  }
}

/**
 * The address in parts that do not break (a browser would break after a hyphen, which reads as
 * hyphenation), with `<wbr>` between them: after slashes and before punctuation.
 */
export function breakable(address: string): ElementContent[] {
  const parts = address.split(/(?<=\/)(?!\/)|(?<=[^/])(?=[.\-_?#&=~])/)
  return parts.flatMap((part, index): ElementContent[] => {
    const whole: Element = {type: 'element', tagName: 'span', properties: {className: ['url-part']}, children: [{type: 'text', value: part}]}
    return index === 0 ? [whole] : [{type: 'element', tagName: 'wbr', properties: {}, children: []}, whole]
  })
}
