/**
 * A localizer: the words, dates, lists, numbers and quotation marks of one
 * language. A message comes from the team's labels for the language, then its
 * labels for every language, then the shipped catalogue of the language, of
 * its base language, and last of English.
 */
import {IntlMessageFormat} from 'intl-messageformat'
import {shippedCatalogue, MESSAGE_KEYS, type Catalogue, type MessageKey} from './catalogues.js'
import {directionOf, type Direction} from './direction.js'
import {NO_LABELS, type ResolvedLabels} from './labels.js'
import {quoteMarks} from './quotes.js'

export type MessageValue = string | number

export interface Localizer {
  /** The language tag (`de`, `ar-EG`). */
  readonly lang: string
  readonly dir: Direction
  /** Whether any wording exists for the language (shipped or the team's); else it is all English. */
  readonly supported: boolean
  /** The keys that fall back to English in a language that is not English. */
  readonly missing: MessageKey[]
  /** A message as text; rich-text tags keep their text. */
  text(key: MessageKey, values?: Record<string, MessageValue>): string
  /** A message as parts: text, and what the values and tag functions gave. */
  parts<T>(key: MessageKey, values: Record<string, MessageValue | T | ((chunks: Array<string | T>) => T)>): Array<string | T>
  /** `2024-04-18` → `18 April 2024` / `18. April 2024`, `2024-03` → month and year, `2020` stays. */
  date(value: string): string
  /** `A, B and C` / `A, B und C`. */
  list(items: string[]): string
  /** Text between the language's quotation marks. */
  quote(text: string): string
  number(value: number): string
}

/** The tags of a language to look wording up under, most specific first: `de-AT` → `de-AT`, `de`. */
export function languageChain(lang: string): string[] {
  const tags = [lang]
  try {
    const locale = new Intl.Locale(lang)
    tags.push(locale.baseName, [locale.language, locale.region].filter(Boolean).join('-'), locale.language)
  } catch {
    tags.push(lang.split('-')[0])
  }
  return [...new Set(tags)]
}

const formats = new Map<string, IntlMessageFormat>()
const localizers = new Map<string, Localizer>()

function compiled(message: string, lang: string): IntlMessageFormat {
  const key = `${lang}\0${message}`
  let format = formats.get(key)
  if (!format) {
    try {
      format = new IntlMessageFormat(message, lang)
    } catch {
      // A tag Intl cannot read plural rules for: English rules, same wording.
      format = new IntlMessageFormat(message, 'en')
    }
    formats.set(key, format)
  }
  return format
}

/** Text of tags when the caller gives no function for them. */
const plainTag = (chunks: unknown[]) => chunks.join('')

export function localizer(lang: string, labels: ResolvedLabels = NO_LABELS): Localizer {
  const cacheKey = `${lang}\0${JSON.stringify(labels)}`
  const cached = localizers.get(cacheKey)
  if (cached) return cached
  const chain = languageChain(lang)
  const english = chain.some((tag) => tag.toLowerCase() === 'en')
  const layers: Catalogue[] = [
    ...chain.map((tag) => labels.byLanguage[tag] ?? {}),
    labels.all,
    ...chain.map((tag) => shippedCatalogue(tag) ?? {})
  ]
  const own = layers.filter((layer) => Object.keys(layer).length > 0)
  const englishLayers = [labels.byLanguage.en ?? {}, shippedCatalogue('en') ?? {}]
  const messages = new Map<MessageKey, string>()
  const missing: MessageKey[] = []
  for (const key of MESSAGE_KEYS) {
    const message = own.find((layer) => layer[key] !== undefined)?.[key]
    if (message === undefined && !english) missing.push(key)
    messages.set(key, message ?? englishLayers.find((layer) => layer[key] !== undefined)?.[key] ?? key)
  }
  const supported = english || chain.some((tag) => shippedCatalogue(tag) !== undefined || labels.byLanguage[tag] !== undefined) || Object.keys(labels.all).length > 0
  // Intl falls back to its default language for a tag it does not know; the formats are made on first use.
  let formatLocale = lang
  try {
    Intl.getCanonicalLocales(lang)
  } catch {
    formatLocale = 'en'
  }
  const once = <T>(make: () => T): (() => T) => {
    let value: T | undefined
    return () => (value ??= make())
  }
  const dayFormat = once(() => new Intl.DateTimeFormat(formatLocale, {day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC'}))
  const monthFormat = once(() => new Intl.DateTimeFormat(formatLocale, {month: 'long', year: 'numeric', timeZone: 'UTC'}))
  const yearFormat = once(() => new Intl.DateTimeFormat(formatLocale, {year: 'numeric', timeZone: 'UTC'}))
  const lists = once(() => new Intl.ListFormat(formatLocale, {type: 'conjunction'}))
  const numbers = once(() => new Intl.NumberFormat(formatLocale))
  const marks = once(() => quoteMarks(lang))

  const parts = <T>(key: MessageKey, values: Record<string, MessageValue | T | ((chunks: Array<string | T>) => T)>): Array<string | T> => {
    const format = compiled(messages.get(key) as string, formatLocale)
    const result = format.format<T>({license: plainTag, code: plainTag, ...values} as unknown as Record<string, never>)
    const list = (Array.isArray(result) ? result : [result]) as Array<string | T>
    // Adjacent strings as one.
    return list.reduce<Array<string | T>>((merged, part) => {
      const last = merged.length - 1
      if (typeof part === 'string' && typeof merged[last] === 'string') merged[last] = (merged[last] as string) + part
      else merged.push(part)
      return merged
    }, [])
  }

  const result: Localizer = {
    lang,
    dir: directionOf(lang),
    supported,
    missing,
    text: (key, values = {}) => parts<string>(key, values).join(''),
    parts,
    date(value) {
      const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(value)
      if (!match) return value
      const [, year, month, day] = match
      const date = new Date(Date.UTC(Number(year), Number(month ?? 1) - 1, Number(day ?? 1)))
      return (day ? dayFormat() : month ? monthFormat() : yearFormat()).format(date)
    },
    list: (items) => lists().format(items),
    quote: (text) => `${marks().open}${text}${marks().close}`,
    number: (value) => numbers().format(value)
  }
  localizers.set(cacheKey, result)
  return result
}
