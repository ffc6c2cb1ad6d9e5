/**
 * `:cite[key]`, `:cite[key1, key2]`, `:cite[key]{loc="p. 4"}`: cites sources.
 */
import {toString} from 'mdast-util-to-string'
import {report} from '../messages.js'
import type {Annotation} from './annotation.js'
import {attribute} from './attributes.js'

export const cite: Annotation = {
  name: 'cite',
  form: 'text',
  attributes: {optional: ['loc']},
  lower(node, {file}) {
    const keys = toString(node)
      .split(/[,;]/)
      .map((key) => key.trim().replace(/^[@#]/, ''))
      .filter((key) => key !== '')
    if (keys.length === 0) {
      report(file, '`:cite` names no source: write the source keys in brackets, e.g. `:cite[isw-2024]`', node.position, 'missing-attribute')
      return undefined
    }
    return {type: 'citation', keys, loc: attribute(node, 'loc'), numbers: [], occurrence: 0, position: node.position}
  }
}
