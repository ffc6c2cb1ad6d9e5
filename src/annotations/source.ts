/**
 * `::source{#key title author publisher date url type accessed}`: defines a source.
 */
import type {Position} from 'unist'
import {didYouMean, report, quoted} from '../messages.js'
import {SOURCE_TYPES, type SourceType} from '../types.js'
import type {Annotation} from './annotation.js'
import {attribute, attributePlace, dateAttribute, urlAttribute, valuePlace} from './attributes.js'

export const source: Annotation = {
  name: 'source',
  form: 'leaf',
  attributes: {required: ['id', 'title'], optional: ['author', 'publisher', 'date', 'url', 'type', 'accessed']},
  lower(node, {file, data}) {
    const key = attribute(node, 'id') as string
    let type: SourceType | undefined
    const typeValue = attribute(node, 'type')
    if (typeValue !== undefined) {
      if ((SOURCE_TYPES as readonly string[]).includes(typeValue)) type = typeValue as SourceType
      else
        report(
          file,
          `Unknown source type ${quoted(typeValue)}.${didYouMean(typeValue, SOURCE_TYPES)} Use one of ${SOURCE_TYPES.join(', ')}`,
          valuePlace(file, node, 'type'),
          'invalid-attribute'
        )
    }
    const entry = {
      key,
      title: attribute(node, 'title') as string,
      author: attribute(node, 'author'),
      publisher: attribute(node, 'publisher'),
      date: dateAttribute(file, node, 'date'),
      url: urlAttribute(file, node, 'url'),
      accessed: dateAttribute(file, node, 'accessed'),
      type,
      number: 0,
      cited: false,
      handoutCitations: [],
      position: node.position
    }
    const existing = data.sources.get(key)
    if (existing) {
      duplicate(file, 'source', key, existing.position, attributePlace(file, node, 'id'))
    } else {
      data.sources.set(key, entry)
    }
    return {type: 'annotationDefinition', kind: 'source', key, position: node.position}
  }
}

/** Report a key defined twice. */
export function duplicate(
  file: Parameters<Annotation['lower']>[1]['file'],
  kind: 'source' | 'credit',
  key: string,
  first: Position | undefined,
  place: Position | undefined
): void {
  const where = first ? ` at line ${first.start.line}` : ''
  report(
    file,
    `Duplicate ${kind} key \`#${key}\`: it is already defined${where}. Give each ${kind} its own key, or delete one of the two`,
    place,
    'duplicate-key'
  )
}
