/**
 * `:::notes` … `:::`: speaker notes for the slide they are in.
 */
import type {BlockContent} from 'mdast'
import type {Annotation} from './annotation.js'

export const notes: Annotation = {
  name: 'notes',
  form: 'container',
  attributes: {},
  lower(node) {
    const children = ('children' in node ? node.children : []) as BlockContent[]
    return {type: 'speakerNotes', children, position: node.position}
  }
}
