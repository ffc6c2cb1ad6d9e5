/**
 * Messages about the brief's language: no wording at all for it, or wording
 * (the team's labels) that lacks some messages.
 */
import type {Position} from 'unist'
import type {VFile} from 'vfile'
import {report} from '../messages.js'
import {shippedLanguages} from './catalogues.js'
import type {Localizer} from './localize.js'

/** How many missing keys a message names before it says "and n more". */
const NAMED = 8

export function checkLanguage(file: VFile, words: Localizer, place: Position | undefined): void {
  const lang = words.lang
  if (!words.supported) {
    report(
      file,
      `briefdeck has no wording in \`${lang}\` (it ships ${shippedLanguages().join(', ')}), so the headings, credits and controls it writes are in English: add \`labels: {'${lang}': {…}}\` to briefdeck.config.mjs with the messages of messages/en.json in ${lang}, or set \`lang\` to a language it ships`,
      place ?? {line: 1, column: 1},
      'unsupported-language'
    )
    return
  }
  if (words.missing.length === 0) return
  const named = words.missing.slice(0, NAMED).map((key) => `\`${key}\``)
  const more = words.missing.length > NAMED ? ` and ${words.missing.length - NAMED} more` : ''
  report(
    file,
    `The wording for \`${lang}\` lacks ${words.missing.length} message${words.missing.length === 1 ? '' : 's'}, which stay${words.missing.length === 1 ? 's' : ''} in English: ${named.join(', ')}${more}. Add them to \`labels: {'${lang}': {…}}\` in briefdeck.config.mjs`,
    place ?? {line: 1, column: 1},
    'missing-translation'
  )
}
