/**
 * Locators as authors write them (`p. 22`, `pp. 4–6`, `chap. 3`, `§ 2`) read
 * into CSL's label and value, so that each style prints them its own way.
 */

/** CSL locator labels, by the abbreviations and words written before the value. */
const LABELS: Array<[RegExp, string]> = [
  [/^(?:pp?\.?|pages?|pg\.?|págs?\.?|s\.|ss\.|seite|seiten)$/i, 'page'],
  [/^(?:chap\.?|ch\.?|chapters?|kap\.?|kapitel|chapitre|cap\.?|capítulo)$/i, 'chapter'],
  [/^(?:sec\.?|secs\.?|sections?|§+)$/i, 'section'],
  [/^(?:para\.?|paras\.?|paragraphs?|¶+|abs\.?|absatz)$/i, 'paragraph'],
  [/^(?:fig\.?|figs\.?|figures?)$/i, 'figure'],
  [/^(?:vol\.?|vols\.?|volumes?)$/i, 'volume'],
  [/^(?:n\.|nn\.|notes?)$/i, 'note'],
  [/^(?:l\.|ll\.|lines?)$/i, 'line'],
  [/^(?:col\.?|cols\.?|columns?)$/i, 'column'],
  [/^(?:bk\.?|books?)$/i, 'book'],
  [/^(?:pt\.?|parts?)$/i, 'part'],
  [/^(?:app\.?|appendix|appendices)$/i, 'appendix'],
  [/^(?:art\.?|articles?)$/i, 'article-locator'],
  [/^(?:no\.?|nos\.?|numbers?)$/i, 'issue'],
  [/^(?:tit\.?|title)$/i, 'title-locator'],
  [/^(?:sub verbo|s\.v\.|s\.vv\.)$/i, 'sub-verbo'],
  [/^(?:op\.?|opus)$/i, 'opus'],
  [/^(?:fol\.?|folios?)$/i, 'folio'],
  [/^(?:v\.|vv\.|verses?)$/i, 'verse'],
  [/^(?:timestamp|at)$/i, 'timestamp']
]

export interface Locator {
  /** CSL locator label (`page`, `chapter` …), when the text starts with a known one. */
  label?: string
  /** The locator value: `22`, `4–6`. */
  locator?: string
  /** The text as written, for the house style and for labels CSL does not know. */
  text: string
}

/**
 * Whether a piece of `:cite[…]` text after a key reads as its locator rather than
 * as another key: a known label and a value, a page number, or anything with a
 * space (keys have none: `slide 4` is a locator, with a label CSL does not know).
 */
export function looksLikeLocator(text: string): boolean {
  return parseLocator(text).known || /\s/.test(text.trim())
}

/** Read a locator; `known` is false when its label is not one CSL has (it is then kept as written). */
export function parseLocator(text: string): {locator: Locator; known: boolean} {
  const value = text.trim()
  if (/^\d[\d\s,–-]*[a-z]?$/i.test(value)) return {locator: {label: 'page', locator: value.replace(/-/g, '–'), text: value}, known: true}
  const match = /^(s\.\s?v\.|sub verbo|§+|¶+|[^\s\d]+)\s*(.+)$/.exec(value)
  if (match) {
    const label = LABELS.find(([pattern]) => pattern.test((match[1] ?? '').replace(/\s/g, '')))?.[1]
    if (label) return {locator: {label, locator: (match[2] ?? '').trim(), text: value}, known: true}
  }
  return {locator: {text: value}, known: false}
}
