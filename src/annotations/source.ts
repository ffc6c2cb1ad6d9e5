/**
 * `::source{#key title author publisher date url type accessed doi isbn volume issue pages container}`:
 * defines a source in the brief, as one more bibliography entry (CSL-JSON inside).
 */
import type {Directive} from './attributes.js'
import type {Position} from 'unist'
import type {VFile} from 'vfile'
import {CSL_TYPES, cslDate, safeAddress, TYPE_ALIASES, type CslItem} from '../bibliography/csl.js'
import {sourceEntry} from '../bibliography/entry.js'
import {didYouMean, report, quoted} from '../messages.js'
import type {Annotation} from './annotation.js'
import {attribute, attributePlace, urlAttribute, valuePlace} from './attributes.js'

const TYPE_NAMES = [...CSL_TYPES, ...Object.keys(TYPE_ALIASES)]

export const source: Annotation = {
  name: 'source',
  form: 'leaf',
  attributes: {
    required: ['id', 'title'],
    optional: ['author', 'publisher', 'date', 'url', 'type', 'accessed', 'doi', 'isbn', 'volume', 'issue', 'pages', 'container']
  },
  lower(node, {file, data}) {
    const key = attribute(node, 'id') as string
    const item: CslItem = {id: key, type: cslType(file, node), title: attribute(node, 'title') as string}
    const author = attribute(node, 'author')
    // One author as written: an organisation or a person, never split into parts that a style would reorder.
    if (author) item.author = author.split(/\s+and\s+|;\s*/).map((name) => ({literal: name.trim()}))
    const text: Array<[string, keyof CslItem & string]> = [
      ['publisher', 'publisher'],
      ['container', 'container-title'],
      ['isbn', 'ISBN'],
      ['volume', 'volume'],
      ['issue', 'issue'],
      ['pages', 'page']
    ]
    for (const [name, field] of text) {
      const value = attribute(node, name)
      if (value !== undefined) item[field] = value
    }
    const issued = dateOf(file, node, 'date')
    if (issued) item.issued = issued
    const accessed = dateOf(file, node, 'accessed')
    if (accessed) item.accessed = accessed
    const url = urlAttribute(file, node, 'url')
    if (url) item.URL = safeAddress(url)
    const doi = attribute(node, 'doi')
    if (doi !== undefined) {
      const bare = doi.replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:)/i, '')
      if (/^10\.\d{4,9}\/\S+$/.test(bare)) item.DOI = safeAddress(bare)
      else report(file, `Invalid DOI ${quoted(doi)}: write it as \`10.1234/abcd\` (the part after https://doi.org/)`, valuePlace(file, node, 'doi'), 'invalid-attribute')
    }
    const existing = data.sources.get(key)
    if (existing) duplicate(file, 'source', key, existing, attributePlace(file, node, 'id'))
    else data.sources.set(key, sourceEntry(item, {position: node.position}))
    return {type: 'annotationDefinition', kind: 'source', key, position: node.position}
  }
}

function cslType(file: VFile, node: Directive): string {
  const value = attribute(node, 'type')
  if (value === undefined) return 'document'
  if ((CSL_TYPES as readonly string[]).includes(value)) return value
  if (Object.hasOwn(TYPE_ALIASES, value)) return TYPE_ALIASES[value] as string
  report(
    file,
    `Unknown source type ${quoted(value)}.${didYouMean(value, TYPE_NAMES)} Use a CSL type such as report, article-journal, article-newspaper, book, chapter, legislation, speech, interview, webpage or dataset`,
    valuePlace(file, node, 'type'),
    'invalid-attribute'
  )
  return 'document'
}

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
function dateOf(file: VFile, node: Directive, name: string) {
  const value = attribute(node, name)
  if (value === undefined) return undefined
  const date = cslDate(value)
  if (!date)
    report(
      file,
      `Invalid date ${quoted(value)} in \`${name}\` of \`::source\`: write it as YYYY-MM-DD, YYYY-MM or YYYY, e.g. \`2024-04-18\`, \`2024-03\` or \`2020\``,
      valuePlace(file, node, name),
      'invalid-date'
    )
  return date
}

/** A place a key was first defined, for messages: `line 4` in the brief, `refs.bib:12:1` in another file. */
export function definedAt(first: {file?: string; position?: Position}): string {
  const line = first.position?.start
  if (first.file) return ` in \`${first.file}\`${line ? ` at line ${line.line}` : ''}`
  return line ? ` at line ${line.line}` : ''
}

/** Report a key defined twice, naming where it was first defined. */
export function duplicate(
  file: VFile,
  kind: 'source' | 'credit',
  key: string,
  first: {file?: string; position?: Position},
  place: Position | undefined
): void {
  report(
    file,
    `Duplicate ${kind} key \`#${key}\`: it is already defined${definedAt(first)}. Give each ${kind} its own key, or delete one of the two`,
    place,
    'duplicate-key'
  )
}
