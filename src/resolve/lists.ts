/**
 * Without `::sources` / `::credits`, both lists go at the end when non-empty.
 */
import type {Root} from 'mdast'
import {visit} from 'unist-util-visit'
import type {BriefData} from '../types.js'

export function placeLists(tree: Root, data: BriefData): void {
  const placed = new Set<string>()
  visit(tree, 'annotationList', (node) => {
    placed.add(node.list)
  })
  for (const list of ['sources', 'credits'] as const) {
    const size = list === 'sources' ? data.sources.size : data.credits.size
    if (placed.has(list) || size === 0) continue
    // Written back as `::sources` / `::credits` by remark-stringify.
    tree.children.push({type: 'annotationList', list, data: {annotation: {name: list, attributes: {}}}})
  }
}
