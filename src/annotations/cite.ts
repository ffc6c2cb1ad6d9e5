/**
 * `:cite[key]`, `:cite[key1, key2]`, `:cite[key]{loc="p. 4"}`: cites sources.
 */
import {toString} from 'mdast-util-to-string'
import {report} from '../messages.js'
import type {Annotation} from './annotation.js'
import {attribute} from './attributes.js'
import {CONTROL, describeCharacter, HIDDEN_IN_KEY} from './characters.js'

export const cite: Annotation = {
  name: 'cite',
  form: 'text',
  attributes: {optional: ['loc']},
  lower(node, {file}) {
    const keys = toString(node)
      .split(/[,;]/)
      .map((key) => key.trim().replace(/^[@#]/, '').normalize('NFC'))
      .filter((key) => key !== '')
    for (const key of keys) {
      const hidden = CONTROL.exec(key) ?? HIDDEN_IN_KEY.exec(key)
      if (!hidden) continue
      report(
        file,
        `The source key ${JSON.stringify(key)} in \`:cite\` holds ${describeCharacter(hidden[0])}, which makes it look like another key: delete it (keys are plain text on one line)`,
        node.position,
        CONTROL.test(hidden[0]) ? 'attribute-control-character' : 'hidden-character'
      )
      return undefined
    }
    if (keys.length === 0) {
      report(file, '`:cite` names no source: write the source keys in brackets, e.g. `:cite[isw-2024]`', node.position, 'missing-attribute')
      return undefined
    }
    return {type: 'citation', keys, loc: attribute(node, 'loc'), numbers: [], occurrence: 0, position: node.position}
  }
}
