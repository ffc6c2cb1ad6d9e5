/**
 * CSL-JSON, the one shape every bibliography entry takes inside briefdeck:
 * BibTeX, RIS, CSL-YAML and `::source` are all read into it.
 */
import type {Position} from 'unist'

export interface CslName {
  family?: string
  given?: string
  literal?: string
  [field: string]: unknown
}

export interface CslDate {
  'date-parts'?: Array<Array<number | string>>
  literal?: string
  raw?: string
  [field: string]: unknown
}

export interface CslItem {
  id: string
  type: string
  title?: string
  author?: CslName[]
  editor?: CslName[]
  issued?: CslDate
  accessed?: CslDate
  publisher?: string
  'container-title'?: string
  URL?: string
  DOI?: string
  ISBN?: string
  volume?: string | number
  issue?: string | number
  page?: string
  language?: string
  [field: string]: unknown
}

/** An entry and where it was defined: a bibliography file or the brief (`::source`). */
export interface DefinedItem {
  item: CslItem
  /** Path of the file that defines it, as the brief's messages name files. */
  path: string
  position?: Position
}

/** The CSL types a policy brief cites (what `::source{type=…}` takes), plus the older briefdeck names. */
export const CSL_TYPES = [
  'report',
  'article-journal',
  'article-newspaper',
  'article-magazine',
  'article',
  'book',
  'chapter',
  'legislation',
  'bill',
  'legal_case',
  'hearing',
  'speech',
  'interview',
  'webpage',
  'post',
  'post-weblog',
  'dataset',
  'document',
  'thesis',
  'paper-conference',
  'treaty',
  'regulation',
  'standard',
  'manuscript',
  'personal_communication',
  'broadcast',
  'motion_picture'
] as const

/** briefdeck's own type names of `::source`, before CSL types, and the CSL type each stands for. */
export const TYPE_ALIASES: Record<string, string> = {
  testimony: 'hearing',
  web: 'webpage'
}

/** `2024`, `2024-03`, `2024-03-05` → a CSL date; undefined for anything else or a day that does not exist. */
export function cslDate(value: string): CslDate | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value)
  if (!match) return undefined
  const parts = [Number(match[1])]
  if (match[2]) {
    const month = Number(match[2])
    if (month < 1 || month > 12) return undefined
    parts.push(month)
  }
  if (match[3]) {
    const [year, month, day] = [parts[0] as number, parts[1] as number, Number(match[3])]
    const date = new Date(Date.UTC(year, month - 1, day))
    if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return undefined
    parts.push(day)
  }
  return {'date-parts': [parts]}
}

/** A CSL date as `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (the first date of a range), or its literal text. */
export function isoDate(date: CslDate | undefined): string | undefined {
  const parts = date?.['date-parts']?.[0]
  if (parts && parts.length > 0 && parts[0] !== undefined) {
    const [year, month, day] = parts.map((part) => Number(part))
    return [String(year).padStart(4, '0'), month ? String(month).padStart(2, '0') : undefined, month && day ? String(day).padStart(2, '0') : undefined]
      .filter(Boolean)
      .join('-')
  }
  return date?.literal ?? date?.raw
}

/** Names as one line: `Dana Stroul and Anna Müller`, literal names as written. */
export function namesText(names: CslName[] | undefined): string | undefined {
  if (!names || names.length === 0) return undefined
  const each = names.map((name) => name.literal ?? [name.given, name['non-dropping-particle'], name.family].filter(Boolean).join(' ')).filter((name) => name !== '')
  if (each.length === 0) return undefined
  return each.length === 1 ? each[0] : `${each.slice(0, -1).join(', ')} and ${each.at(-1)}`
}

/** A key for an entry that has none (RIS records without `ID`): first author's family name, year, first title word. */
export function keyFor(item: CslItem): string {
  const name = item.author?.[0]?.family ?? item.author?.[0]?.literal ?? item.editor?.[0]?.family ?? 'anon'
  const year = item.issued?.['date-parts']?.[0]?.[0] ?? 'nd'
  const word = (item.title ?? '').split(/\s+/).find((part) => part.length > 3 && !/^(the|and|for|with|from)$/i.test(part)) ?? ''
  return [name, String(year), word]
    .join('-')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '')
    .replace(/-+$/, '')
}

const NAME_FIELDS = new Set([
  'author', 'editor', 'translator', 'container-author', 'collection-editor', 'composer', 'director', 'interviewer',
  'illustrator', 'original-author', 'recipient', 'reviewed-author', 'editorial-director', 'chair', 'compiler', 'contributor',
  'curator', 'executive-producer', 'guest', 'host', 'narrator', 'organizer', 'performer', 'producer', 'script-writer', 'series-creator'
])
const DATE_FIELDS = new Set(['issued', 'accessed', 'event-date', 'original-date', 'submitted', 'available-date'])

/** Characters that would end an attribute or a tag if citeproc wrote them into a link as they are. */
export function safeAddress(value: string): string {
  return value.replace(/["'<>\s`\\]/g, (character) => encodeURIComponent(character))
}

/**
 * An item in the shape citeproc-js expects, whatever a file held: numbers as
 * text, names as lists of name objects, dates as date objects; a field of the
 * wrong shape is dropped rather than crashing the formatter.
 */
export function normalizeItem(raw: CslItem): CslItem {
  const item: CslItem = {id: String(raw.id), type: typeof raw.type === 'string' ? raw.type : 'document'}
  for (const [field, value] of Object.entries(raw)) {
    if (field === 'id' || field === 'type' || value === null || value === undefined) continue
    if (NAME_FIELDS.has(field)) {
      const list = (Array.isArray(value) ? value : [value]).flatMap((name): CslName[] => {
        if (typeof name === 'string' || typeof name === 'number') return [{literal: String(name)}]
        if (typeof name !== 'object' || name === null || Array.isArray(name)) return []
        const parts = Object.entries(name as Record<string, unknown>).filter(([, part]) => typeof part === 'string' || typeof part === 'number' || typeof part === 'boolean')
        return parts.length > 0 ? [Object.fromEntries(parts.map(([key, part]) => [key, typeof part === 'boolean' ? part : String(part)])) as CslName] : []
      })
      if (list.length > 0) item[field] = list
    } else if (DATE_FIELDS.has(field)) {
      const date = normalizeDate(value)
      if (date) item[field] = date
    } else if (typeof value === 'string' || typeof value === 'number') {
      item[field] = field === 'URL' || field === 'DOI' ? safeAddress(String(value)) : String(value)
    } else if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) {
      item[field] = value.join(', ')
    } else if (field === 'custom' || field === 'citation-key') {
      item[field] = value
    }
  }
  return item
}

function normalizeDate(value: unknown): CslDate | undefined {
  if (typeof value === 'string' || typeof value === 'number') return cslDate(String(value)) ?? {raw: String(value)}
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const date = value as CslDate
  const parts = date['date-parts']
  if (parts !== undefined) {
    const rows = Array.isArray(parts) ? (Array.isArray(parts[0]) ? parts : [parts]) : []
    const clean = (rows as unknown[])
      .filter((row): row is unknown[] => Array.isArray(row))
      .map((row) => row.filter((part) => typeof part === 'number' || (typeof part === 'string' && /^-?\d+$/.test(part))).map(Number))
      .filter((row) => row.length > 0)
    if (clean.length > 0) return {'date-parts': clean}
  }
  for (const key of ['literal', 'raw'] as const) if (typeof date[key] === 'string') return {[key]: date[key]}
  return undefined
}
