/**
 * `::sources` and `::credits`: where the list of sources / image credits goes.
 */
import type {Annotation} from './annotation.js'

function listAnnotation(list: 'sources' | 'credits'): Annotation {
  return {
    name: list,
    form: 'leaf',
    attributes: {},
    lower(node) {
      return {type: 'annotationList', list, position: node.position}
    }
  }
}

export const sourcesList = listAnnotation('sources')
export const creditsList = listAnnotation('credits')
