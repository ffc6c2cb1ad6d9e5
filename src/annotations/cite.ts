/**
 * `:cite[key]`, `:cite[key1, key2]`, `:cite[key, p. 4; key2, chap. 3]` and
 * `:cite[key]{loc="p. 4"}`: cites sources, each key with its own locator.
 */
import {toString} from 'mdast-util-to-string'
import {looksLikeLocator} from '../bibliography/locators.js'
import {report} from '../messages.js'
import type {Citation, CiteItem} from '../types.js'
import type {Annotation} from './annotation.js'
import {attribute, valuePlace} from './attributes.js'
import {CONTROL, describeCharacter, HIDDEN_IN_KEY} from './characters.js'

/** The keys and locators of `:cite[…]`: `;` separates sources, and a `,` piece that reads as a locator belongs to the key before it. */
export function citeItems(text: string): CiteItem[] {
  const items: CiteItem[] = []
  for (const group of text.split(';')) {
    for (const piece of group.split(',')) {
      const value = piece.trim()
      if (value === '') continue
      const last = items.at(-1)
      if (last && looksLikeLocator(value) && !/^[@#]/.test(value)) {
        last.loc = last.loc ? `${last.loc}, ${value}` : value
        continue
      }
      items.push({key: value.replace(/^[@#]/, '').normalize('NFC')})
    }
  }
  return items
}

export const cite: Annotation = {
  name: 'cite',
  form: 'text',
  attributes: {optional: ['loc', 'prefix', 'suffix', 'mode']},
  lower(node, {file}) {
    const items = citeItems(toString(node))
    for (const {key} of items) {
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
    if (items.length === 0) {
      report(file, '`:cite` names no source: write the source keys in brackets, e.g. `:cite[isw-2024]`', node.position, 'missing-attribute')
      return undefined
    }
    const loc = attribute(node, 'loc')
    if (loc !== undefined) {
      const target = items.at(-1) as CiteItem
      if (items.length > 1)
        report(
          file,
          `\`loc\` on a citation of ${items.length} sources does not say which one it belongs to (it is shown with the last): write each locator after its key instead, e.g. \`:cite[${items[0]?.key}, p. 4; ${items[1]?.key}]\``,
          valuePlace(file, node, 'loc'),
          'ambiguous-locator'
        )
      target.loc = target.loc ? `${target.loc}, ${loc}` : loc
    }
    const mode = attribute(node, 'mode')
    if (mode !== undefined && mode !== 'narrative') {
      report(file, `Unknown citation mode ${JSON.stringify(mode)}: the only one is \`mode=narrative\` ("Stroul (2024)"); remove it for an ordinary citation`, valuePlace(file, node, 'mode'), 'invalid-attribute')
    }
    const citation: Citation = {type: 'citation', items, numbers: [], occurrence: 0, position: node.position}
    const prefix = attribute(node, 'prefix')
    const suffix = attribute(node, 'suffix')
    if (prefix !== undefined) citation.prefix = prefix
    if (suffix !== undefined) citation.suffix = suffix
    if (mode === 'narrative') citation.narrative = true
    return citation
  }
}
