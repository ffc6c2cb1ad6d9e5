/**
 * The message catalogues: one JSON file per language in `messages/` (data,
 * not code), each a flat object of ICU MessageFormat strings. English is the
 * reference: every other catalogue has its keys.
 */
import fs from 'node:fs'
import path from 'node:path'
import {PACKAGE_DIR} from '../package.js'
import english from './keys.js'

export const MESSAGES_DIR = path.join(PACKAGE_DIR, 'messages')

/** A message's name, as in `messages/en.json`. */
export type MessageKey = keyof typeof english

export type Catalogue = Partial<Record<MessageKey, string>>

const cache = new Map<string, Catalogue | undefined>()

/** The languages briefdeck ships wording for (file names in `messages/`). */
export function shippedLanguages(): string[] {
  return fs
    .readdirSync(MESSAGES_DIR)
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .sort()
}

/** The shipped catalogue of a language tag (`de`, `pt-BR`), or undefined. */
export function shippedCatalogue(tag: string): Catalogue | undefined {
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(tag)) return undefined
  if (!cache.has(tag)) {
    const file = path.join(MESSAGES_DIR, `${tag}.json`)
    cache.set(tag, fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Catalogue) : undefined)
  }
  return cache.get(tag)
}

/** Every message key, in the English catalogue's order. */
export const MESSAGE_KEYS = Object.keys(english) as MessageKey[]

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(english, value)
}
