/**
 * Text for credits and sources, shared by the deck and the handout, in the
 * brief's language: the words from its catalogue, names and titles isolated
 * so that a title in another script reads in its own direction.
 */
import type {Localizer} from '../i18n/localize.js'
import type {CreditEntry, LicenseInfo, SourceEntry} from '../types.js'

/** Segment of an attribution: plain text or a link; `isolate` when it is text from the brief (a name, a title). */
export interface Segment {
  text: string
  href?: string
  isolate?: boolean
}

/** What a message's value or tag stands for: segments put in place of it. */
interface Inset {
  segments: Segment[]
}

/** A message whose values are segments, as segments. */
function compose(words: Localizer, key: Parameters<Localizer['parts']>[0], values: Record<string, Inset | string | ((chunks: Array<string | Inset>) => Inset)>): Segment[] {
  return words.parts<Inset>(key, values).flatMap((part) => (typeof part === 'string' ? [{text: part}] : part.segments))
}

/** Languages Creative Commons publishes its licence deeds in (the deed's `deed.xx` page). */
const DEED_LANGUAGES = new Set(['ar', 'de', 'es', 'eu', 'fa', 'fi', 'fr', 'he', 'id', 'it', 'ja', 'ko', 'nl', 'pl', 'pt', 'ru', 'sv', 'tr', 'uk', 'zh'])

/** A Creative Commons deed in the reader's language where CC has one; other licence pages as they are. */
export function deedUrl(license: LicenseInfo, words: Localizer): string | undefined {
  const language = words.lang.split('-')[0].toLowerCase()
  if (!license.url || !/^https:\/\/creativecommons\.org\/(licenses|publicdomain)\/.+\/$/.test(license.url) || !DEED_LANGUAGES.has(language)) return license.url
  return `${license.url}deed.${language}`
}

/** A licence's name in the reader's language. */
export function licenseLabel(license: LicenseInfo, words: Localizer): string {
  if (license.id === 'public-domain') return words.text('publicDomain')
  if (license.id === 'all-rights-reserved') return words.text('allRightsReserved')
  return license.label
}

/**
 * The Creative Commons TASL form:
 * “Title” by Author (via Source) is licensed under Licence.
 */
export function creditAttribution(credit: CreditEntry, words: Localizer): Segment[] {
  const line = licensedLine(credit, words)
  if (!credit.permission) return line
  return compose(words, 'creditPermission', {credit: {segments: line}, permission: {segments: [{text: credit.permission, isolate: true}]}})
}

/** The TASL line, without a permission. All rights reserved says only that, with the author's copyright: never a permission nobody stated. */
function licensedLine(credit: CreditEntry, words: Localizer): Segment[] {
  const kind = credit.kind.toLowerCase()
  const work: Inset = {
    segments: [credit.title ? {text: words.quote(credit.title), href: credit.url, isolate: true} : {text: words.text('untitled', {kind}), href: credit.url}]
  }
  const author: Inset = {segments: [credit.author ? {text: credit.author, isolate: true} : {text: words.text('unknownAuthor')}]}
  const reserved = credit.license?.id === 'all-rights-reserved' && credit.author
  let line: Inset = {segments: compose(words, reserved ? 'creditCopyright' : 'creditBy', {work, author})}
  if (credit.via) line = {segments: compose(words, 'creditVia', {credit: line, via: {segments: [{text: credit.via, isolate: true}]}})}
  const license = credit.license
  const link = (chunks: Array<string | Inset>): Inset => ({
    segments: [{text: chunks.map((chunk) => (typeof chunk === 'string' ? chunk : chunk.segments.map((segment) => segment.text).join(''))).join(''), href: license ? deedUrl(license, words) : undefined}]
  })
  if (!license) return compose(words, 'creditNoLicence', {credit: line})
  if (license.id === 'all-rights-reserved') return compose(words, 'creditAllRightsReserved', {credit: line})
  if (license.id === 'public-domain') return compose(words, 'creditPublicDomain', {credit: line, license: link})
  if (license.id === 'CC0-1.0') return compose(words, 'creditCc0', {credit: line, name: license.label, license: link})
  return compose(words, 'creditLicensed', {credit: line, name: license.label, license: link})
}

/** The short line under an image on a slide: `Photo: khamenei.ir, CC BY 4.0`. */
export function shortCredit(credit: CreditEntry, words: Localizer): string {
  const who = credit.author ?? credit.via ?? words.text('unknownAuthor')
  const line = words.text('creditShort', {kind: credit.kind.toLowerCase(), who})
  return credit.license ? line + words.text('comma') + licenseLabel(credit.license, words) : line
}

/** A source as an endnote: Author, “Title”, Publisher, Date. */
export function sourceReference(source: SourceEntry, words: Localizer): Segment[] {
  const comma = words.text('comma')
  const segments: Segment[] = []
  if (source.author) segments.push({text: source.author, isolate: true}, {text: comma})
  segments.push({text: words.quote(source.title), href: source.url, isolate: true})
  for (const part of [source.publisher, source.date ? words.date(source.date) : undefined]) {
    if (part) segments.push({text: comma}, {text: part, isolate: part === source.publisher})
  }
  segments.push({text: '.'})
  if (source.accessed) segments.push({text: ' '}, {text: words.text('accessed', {date: words.date(source.accessed)})})
  return segments
}

/** Who a quote is by when it says only `source=`: the source's author, else its publisher. */
export function sourceAttribution(source: SourceEntry): string | undefined {
  return source.author ?? source.publisher
}

/** Plain text of segments. */
export function plain(segments: Segment[]): string {
  return segments.map((segment) => segment.text).join('')
}
