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
  if (!placed.has('sources') && data.sources.size > 0) tree.children.push({type: 'annotationList', list: 'sources'})
  if (!placed.has('credits') && data.credits.size > 0) tree.children.push({type: 'annotationList', list: 'credits'})
}
