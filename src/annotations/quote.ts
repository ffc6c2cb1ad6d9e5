/**
 * `:::quote{by role source loc}` … `:::`: a quotation with attribution.
 */
import type {BlockContent} from 'mdast'
import type {Annotation} from './annotation.js'
import {attribute} from './attributes.js'

export const quote: Annotation = {
  name: 'quote',
  form: 'container',
  attributes: {optional: ['by', 'role', 'source', 'loc']},
  lower(node) {
    const children = ('children' in node ? node.children : []) as BlockContent[]
    return {
      type: 'quote',
      by: attribute(node, 'by'),
      role: attribute(node, 'role'),
      sourceKey: attribute(node, 'source')?.replace(/^#/, ''),
      loc: attribute(node, 'loc'),
      children: children.filter((child) => !(child.type === 'paragraph' && child.data?.directiveLabel)),
      position: node.position
    }
  }
}
