/**
 * citeproc-js writes HTML (`<i>`, `<a href>`, `<div class="csl-left-margin">`):
 * read as a tree, never pasted as text. The handout gets hast (sanitized with
 * the rest of the page); the deck gets mdast phrasing that deck.md can hold.
 */
import type {Element, ElementContent, Root as HastRoot, RootContent as HastContent} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {toString as hastToString} from 'hast-util-to-string'
import type {PhrasingContent} from 'mdast'
import {isWebUrl} from '../annotations/attributes.js'

function parse(html: string): HastRoot {
  return fromHtml(html.trim(), {fragment: true})
}

const classes = (node: Element): string[] => (Array.isArray(node.properties.className) ? node.properties.className.map(String) : [])

/** citeproc's blocks as inline spans (a reference entry sits inside a list item), `nocase` markers dropped. */
function inline(nodes: HastContent[]): ElementContent[] {
  return nodes.flatMap((node): ElementContent[] => {
    if (node.type === 'text') return [node]
    if (node.type !== 'element') return []
    const children = inline(node.children)
    const names = classes(node)
    if (node.tagName === 'div' || (node.tagName === 'span' && names.includes('nocase'))) {
      const kept = names.filter((name) => name.startsWith('csl-') && name !== 'csl-entry')
      return kept.length > 0 ? [{type: 'element', tagName: 'span', properties: {className: kept}, children}] : children
    }
    // Only the link and the class survive: citeproc does not escape quotes in addresses.
    const properties: Element['properties'] = {}
    if (node.tagName === 'a' && isWebUrl(String(node.properties.href ?? ''))) properties.href = node.properties.href
    if (names.length > 0) properties.className = names
    if (node.tagName === 'a' && properties.href === undefined) return children
    return [{type: 'element', tagName: node.tagName, properties, children}]
  })
}

/** The HTML as hast for the handout; whitespace between citeproc's blocks is folded. */
export function cslHast(html: string): ElementContent[] {
  const nodes = inline(parse(html).children)
  // Trim the indentation citeproc puts around its blocks.
  const trimmed = nodes.filter((node, index) => !(node.type === 'text' && /^\s*$/.test(node.value) && (index === 0 || index === nodes.length - 1)))
  return trimmed.map((node) => (node.type === 'text' ? {...node, value: node.value.replace(/\s+/g, ' ')} : node))
}

/** The text a reader sees, on one line. */
export function cslText(html: string): string {
  return hastToString(parse(html)).replace(/\s+/g, ' ').trim()
}

/** The HTML as Markdown phrasing for deck.md: emphasis, strong, links (http and https only) and text. */
export function cslPhrasing(html: string): PhrasingContent[] {
  const convert = (nodes: ElementContent[]): PhrasingContent[] =>
    nodes.flatMap((node): PhrasingContent[] => {
      if (node.type === 'text') return node.value === '' ? [] : [{type: 'text', value: node.value.replace(/\s+/g, ' ')}]
      if (node.type !== 'element') return []
      const children = convert(node.children)
      if (node.tagName === 'i' || node.tagName === 'em') return [{type: 'emphasis', children}]
      if (node.tagName === 'b' || node.tagName === 'strong') return [{type: 'strong', children}]
      if (node.tagName === 'a') {
        const href = String(node.properties.href ?? '')
        return isWebUrl(href) ? [{type: 'link', url: href, children}] : children
      }
      // The label column (`[1]`) is followed by the entry: keep a space between them.
      if (classes(node).includes('csl-left-margin')) return [...children, {type: 'text', value: ' '}]
      return children
    })
  const phrasing = convert(cslHast(html))
  const first = phrasing[0]
  if (first?.type === 'text') first.value = first.value.trimStart()
  const last = phrasing.at(-1)
  if (last?.type === 'text') last.value = last.value.trimEnd()
  return phrasing
}
