/**
 * Text for credits and sources, shared by the deck and the handout.
 */
import type {CreditEntry, SourceEntry} from '../types.js'

/** Segment of an attribution: plain text or a link. */
export interface Segment {
  text: string
  href?: string
}

/**
 * The Creative Commons TASL form:
 * “Title” by Author (via Source) is licensed under Licence.
 */
export function creditAttribution(credit: CreditEntry): Segment[] {
  const segments: Segment[] = []
  if (credit.title) segments.push({text: `“${credit.title}”`, href: credit.url})
  else segments.push({text: `Untitled ${credit.kind.toLowerCase()}`, href: credit.url})
  segments.push({text: ` by ${credit.author ?? 'Unknown author'}`})
  if (credit.via) segments.push({text: ` via ${credit.via}`})
  if (credit.license?.id === 'all-rights-reserved') {
    segments.push({text: '. All rights reserved, used with permission.'})
  } else if (credit.license?.id === 'public-domain') {
    segments.push({text: ' is in the '}, {text: 'public domain', href: credit.license.url}, {text: '.'})
  } else if (credit.license?.id === 'CC0-1.0') {
    segments.push({text: ' is dedicated to the public domain under '}, {text: credit.license.label, href: credit.license.url}, {text: '.'})
  } else if (credit.license) {
    segments.push({text: ' is licensed under '}, {text: credit.license.label, href: credit.license.url}, {text: '.'})
  } else {
    segments.push({text: '. Licence not stated.'})
  }
  return segments
}

/** The short line under an image on a slide: `Photo: khamenei.ir, CC BY 4.0`. */
export function shortCredit(credit: CreditEntry): string {
  const who = credit.author ?? credit.via ?? 'Unknown author'
  const license = credit.license ? `, ${credit.license.label}` : ''
  return `${credit.kind}: ${who}${license}`
}

/** A source as an endnote: Author, “Title,” Publisher, Date. */
export function sourceReference(source: SourceEntry): Segment[] {
  const segments: Segment[] = []
  if (source.author) segments.push({text: `${source.author}, `})
  segments.push({text: `“${source.title}”`, href: source.url})
  const rest = [source.publisher, source.date ? formatDate(source.date) : undefined].filter(Boolean)
  if (rest.length > 0) segments.push({text: `, ${rest.join(', ')}`})
  segments.push({text: '.'})
  if (source.accessed) segments.push({text: ` Accessed ${formatDate(source.accessed)}.`})
  return segments
}

/** Who a quote is by when it says only `source=`: the source's author, else its publisher. */
export function sourceAttribution(source: SourceEntry): string | undefined {
  return source.author ?? source.publisher
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** `2024-04-18` → `18 April 2024`, `2024-03` → `March 2024`, `2020` stays. */
export function formatDate(value: string): string {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value)
  if (!match) return value
  const month = `${MONTHS[Number(match[2]) - 1]} ${match[1]}`
  return match[3] ? `${Number(match[3])} ${month}` : month
}

/** Plain text of segments. */
export function plain(segments: Segment[]): string {
  return segments.map((segment) => segment.text).join('')
}
