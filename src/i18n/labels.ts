/**
 * The `labels` setting: a team's own wording over the catalogues, for every
 * language (`{sources: "References"}`) or for one (`{de: {sources: "Belege"}}`).
 * Checked once, against the English catalogue's keys and arguments.
 */
import {parse as parseBcp47} from 'bcp-47'
import {didYouMean} from '../messages.js'
import {MESSAGE_KEYS, isMessageKey, shippedCatalogue, type Catalogue, type MessageKey} from './catalogues.js'
import {messageShape} from './message-syntax.js'

/** Wording for every language, and per language tag. */
export interface Labels {
  [keyOrLanguage: string]: string | {[key: string]: string}
}

/** The checked setting: wording for every language, and per language tag. */
export interface ResolvedLabels {
  all: Catalogue
  byLanguage: Record<string, Catalogue>
}

export const NO_LABELS: ResolvedLabels = {all: {}, byLanguage: {}}

/** Check the setting; returns the labels, or what is wrong with them (a sentence that says how to fix it). */
export function checkLabels(value: unknown): {value: ResolvedLabels} | {expected: string} {
  const example = 'an object of message names and wording, for every language or per language, e.g. {sources: "References", de: {sources: "Belege"}}'
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {expected: example}
  const labels: ResolvedLabels = {all: {}, byLanguage: {}}
  for (const [name, setting] of Object.entries(value as Record<string, unknown>)) {
    if (typeof setting === 'object' && setting !== null && !Array.isArray(setting)) {
      if (!parseBcp47(name).language) return {expected: `${example}, and \`${name}\` is neither a message name nor a BCP 47 language tag such as \`de\` or \`pt-BR\``}
      const catalogue: Catalogue = {}
      for (const [key, message] of Object.entries(setting as Record<string, unknown>)) {
        const checked = checkMessage(key, message, `${name}.`)
        if (typeof checked !== 'string') return checked
        catalogue[key as MessageKey] = checked
      }
      labels.byLanguage[name] = catalogue
      continue
    }
    const checked = checkMessage(name, setting, '')
    if (typeof checked !== 'string') return checked
    labels.all[name as MessageKey] = checked
  }
  return {value: labels}
}

function checkMessage(key: string, message: unknown, prefix: string): string | {expected: string} {
  if (!isMessageKey(key)) {
    return {expected: `message names from messages/en.json, and \`${prefix}${key}\` is not one.${didYouMean(key, MESSAGE_KEYS)} The names are listed in docs/authoring.md`}
  }
  if (typeof message !== 'string') return {expected: `wording as text, and \`${prefix}${key}\` is not text: write it as "…"`}
  const reference = messageShape(shippedCatalogue('en')?.[key] ?? '')
  let shape
  try {
    shape = messageShape(message)
  } catch {
    return {expected: `ICU MessageFormat text, and \`${prefix}${key}\` does not read as such: check that every { and < is closed, or write ' before a literal {`}
  }
  const allowed = [...reference.arguments].map((name) => `{${name}}`)
  for (const name of shape.arguments) {
    if (!reference.arguments.has(name)) {
      return {expected: `wording that uses only the message's own values, and \`${prefix}${key}\` uses {${name}}, which it never gets: use ${allowed.join(', ') || 'no values'}`}
    }
  }
  for (const tag of shape.tags) {
    if (!reference.tags.has(tag)) return {expected: `wording with the message's own tags, and \`${prefix}${key}\` uses <${tag}>: use ${[...reference.tags].map((name) => `<${name}>`).join(', ') || 'no tags'}`}
  }
  return message
}

/** Labels that went through the options' check, in the form the localizer reads. */
export function resolveLabels(value: Labels | undefined): ResolvedLabels {
  if (!value || Object.keys(value).length === 0) return NO_LABELS
  const checked = checkLabels(value)
  return 'value' in checked ? checked.value : NO_LABELS
}
