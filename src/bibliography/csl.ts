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
