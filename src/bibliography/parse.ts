/**
 * Read one bibliography file into CSL-JSON items, each with the place it was
 * written. Formats: CSL-JSON, CSL-YAML, BibTeX/BibLaTeX (as Zotero and Better
 * BibTeX export them) and RIS, chosen by extension or, failing that, content.
 * Problems are messages on the bibliography's own vfile, at line:column.
 */
import type {Position} from 'unist'
import type {VFile} from 'vfile'
import {isMap, isSeq, parseDocument, type Node as YamlNode} from 'yaml'
import {pointAt, positionAt, quoted, report} from '../messages.js'
import {citationJs} from './citation-js.js'
import {keyFor, normalizeItem, type CslItem, type DefinedItem} from './csl.js'

export type BibliographyFormat = 'csl-json' | 'csl-yaml' | 'bibtex' | 'ris'

export const BIBLIOGRAPHY_EXTENSIONS: Record<string, BibliographyFormat> = {
  '.json': 'csl-json',
  '.yaml': 'csl-yaml',
  '.yml': 'csl-yaml',
  '.bib': 'bibtex',
  '.bibtex': 'bibtex',
  '.biblatex': 'bibtex',
  '.ris': 'ris'
}

/** The format of a file, from its extension, else from its first characters. */
export function formatOf(file: VFile): BibliographyFormat {
  const byExtension = BIBLIOGRAPHY_EXTENSIONS[(file.extname ?? '').toLowerCase()]
  if (byExtension) return byExtension
  const text = String(file.value).trimStart()
  if (text.startsWith('[') || text.startsWith('{')) return 'csl-json'
  if (text.startsWith('@') || text.startsWith('%')) return 'bibtex'
  if (/^TY {2}- /m.test(text)) return 'ris'
  return 'csl-yaml'
}

/** The entries of one bibliography file; problems are reported on `file`. */
export function parseBibliography(file: VFile): DefinedItem[] {
  const format = formatOf(file)
  const path = file.path
  const entries = format === 'bibtex' ? readBibtex(file) : format === 'ris' ? readRis(file) : readCslData(file, format)
  const items: DefinedItem[] = []
  for (const entry of entries) {
    const item = normalizeItem(entry.item)
    if (!item.title) report(file, `Entry ${quoted(item.id)} has no title: add one, or citations of it show only its author and date`, entry.position, 'bibliography-entry-incomplete')
    else if (!item.issued) report(file, `Entry ${quoted(item.id)} has no date: add its year (or write \`n.d.\` where the style expects it)`, entry.position, 'bibliography-entry-incomplete')
    items.push({item, path, position: entry.position})
  }
  return items
}

interface Entry {
  item: CslItem
  position?: Position
}

function invalid(file: VFile, what: string, detail: string, place: Position | ReturnType<typeof pointAt>): void {
  report(file, `This ${what} file could not be read (${detail}): fix it where shown, or export it again from your reference manager`, place, 'bibliography-invalid')
}

function readCslData(file: VFile, format: 'csl-json' | 'csl-yaml'): Entry[] {
  const text = String(file.value)
  const what = format === 'csl-json' ? 'CSL-JSON' : 'CSL-YAML'
  if (format === 'csl-json') {
    try {
      JSON.parse(text)
    } catch (error) {
      const message = (error as Error).message
      const at = /position (\d+)/.exec(message)
      invalid(file, what, message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, ''), at ? pointAt(file, Number(at[1])) : {line: 1, column: 1})
      return []
    }
  }
  const doc = parseDocument(text, {prettyErrors: false, uniqueKeys: false})
  if (doc.errors.length > 0) {
    for (const error of doc.errors) invalid(file, what, error.message.split('\n')[0] ?? '', pointAt(file, error.pos[0]))
    return []
  }
  // A Pandoc-style YAML file holds `references:`; CSL-JSON holds a list (or one item).
  let list: YamlNode | null = doc.contents
  if (isMap(list) && list.has('references')) list = list.get('references', true) as YamlNode
  const nodes = isSeq(list) ? (list.items as YamlNode[]) : isMap(list) ? [list] : []
  if (nodes.length === 0 && !isSeq(list)) {
    invalid(file, what, 'it is not a list of entries', {line: 1, column: 1})
    return []
  }
  const entries: Entry[] = []
  for (const node of nodes) {
    const position = node.range ? positionAt(file, node.range[0], node.range[1]) : undefined
    const value = node.toJSON() as Record<string, unknown>
    if (!isMap(node) || typeof value.id !== 'string' && typeof value.id !== 'number') {
      invalid(file, what, isMap(node) ? 'an entry has no `id`' : 'an entry is not a mapping of fields', position)
      continue
    }
    // Dates written as text (`issued: 2024-05-02`, as Pandoc's CSL-YAML allows) are read by normalizeItem.
    const item = {...value, id: String(value.id), type: typeof value.type === 'string' ? value.type : 'document'} as CslItem
    entries.push({item, position})
  }
  return entries
}

const ENTRY_START = /@([A-Za-z]+)\s*[{(]\s*([^,\s{}()]+)\s*,/g

function readBibtex(file: VFile): Entry[] {
  const text = String(file.value)
  let items: CslItem[]
  try {
    items = citationJs().input.chain(text, {forceType: '@biblatex/text', target: '@csl/list+object', generateGraph: false}) as CslItem[]
  } catch (error) {
    const message = (error as Error).message
    const at = /at line (\d+) col (\d+)/.exec(message)
    const detail = (message.split('\n')[0] ?? '').replace(/ at line \d+ col \d+:?$/, '')
    invalid(file, 'BibTeX', detail, at ? {line: Number(at[1]), column: Number(at[2])} : {line: 1, column: 1})
    return []
  }
  const places = new Map<string, Position | undefined>()
  for (const match of text.matchAll(ENTRY_START)) {
    const type = (match[1] ?? '').toLowerCase()
    if (type === 'string' || type === 'comment' || type === 'preamble') continue
    const key = match[2] ?? ''
    if (!places.has(key)) places.set(key, positionAt(file, match.index, match.index + match[0].length))
  }
  return items.map((item) => {
    const id = String(item['citation-key'] ?? item.id)
    return {item: {...item, id}, position: places.get(id)}
  })
}

function readRis(file: VFile): Entry[] {
  const text = String(file.value)
  let items: CslItem[]
  try {
    items = citationJs().input.chain(text, {forceType: '@ris/file', target: '@csl/list+object', generateGraph: false}) as CslItem[]
  } catch (error) {
    invalid(file, 'RIS', (error as Error).message.split('\n')[0] ?? '', {line: 1, column: 1})
    return []
  }
  // Records in order, each from its `TY  -` line to its `ER  -` line.
  const records = [...text.matchAll(/^TY {2}- .*$/gm)].map((match) => {
    const end = text.indexOf('\nER  -', match.index)
    return {start: match.index, end: end === -1 ? text.length : end + 6, id: /^ID {2}- (.+)$/m.exec(text.slice(match.index, end === -1 ? undefined : end))?.[1]?.trim()}
  })
  if (records.length === 0 && text.trim() !== '') {
    invalid(file, 'RIS', 'no record starts with a `TY  -` line', {line: 1, column: 1})
    return []
  }
  return items.map((item, index) => {
    const record = records[index]
    const position = record ? positionAt(file, record.start, record.end) : undefined
    if (record?.id) return {item: {...item, id: record.id}, position}
    const id = keyFor(item)
    report(file, `This RIS record has no \`ID\` line, so it is cited as ${quoted(id)}: add \`ID  - ${id}\` (or export with citation keys) to choose its key`, position, 'bibliography-entry-incomplete')
    return {item: {...item, id}, position}
  })
}

