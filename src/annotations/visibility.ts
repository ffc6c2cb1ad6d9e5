/**
 * `:::handout` … `:::` and `:::slides` … `:::`: content for one view only;
 * `:::internal` … `:::`: content for one audience only.
 */
import type {BlockContent} from 'mdast'
import type {Annotation} from './annotation.js'

function viewOnly(view: 'handout' | 'slides'): Annotation {
  return {
    name: view,
    form: 'container',
    attributes: {},
    lower(node) {
      const children = ('children' in node ? node.children : []) as BlockContent[]
      return {type: 'viewOnly', view, children, position: node.position}
    }
  }
}

export const handoutOnly = viewOnly('handout')
export const slidesOnly = viewOnly('slides')

/** `:::internal` … `:::`: for the team only (see resolve/profile.ts). */
export const internalOnly: Annotation = {
  name: 'internal',
  form: 'container',
  attributes: {},
  lower(node) {
    const children = ('children' in node ? node.children : []) as BlockContent[]
    return {type: 'internalBlock', children, position: node.position}
  }
}
