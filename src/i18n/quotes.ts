/**
 * Quotation marks of a language, from its CSL locale's `open-quote` and
 * `close-quote` terms (the same data citeproc-js uses inside references).
 */
import {localeFor, localeXml} from '../bibliography/styles.js'

export interface QuoteMarks {
  open: string
  close: string
}

const cache = new Map<string, QuoteMarks>()
const ENGLISH: QuoteMarks = {open: '\u201C', close: '\u201D'}

const decode = (value: string) =>
  value.replace(/&#(x[0-9a-f]+|\d+);/gi, (_, code: string) => String.fromCodePoint(code[0].toLowerCase() === 'x' ? parseInt(code.slice(1), 16) : Number(code)))

export function quoteMarks(lang: string): QuoteMarks {
  const {locale} = localeFor(lang)
  let marks = cache.get(locale)
  if (!marks) {
    const xml = localeXml(locale) ?? ''
    const term = (name: string) => new RegExp(`<term name="${name}">([^<]*)</term>`).exec(xml)?.[1]
    const open = term('open-quote')
    const close = term('close-quote')
    marks = open && close ? {open: decode(open), close: decode(close)} : ENGLISH
    cache.set(locale, marks)
  }
  return marks
}
