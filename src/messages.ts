/**
 * Reporting helpers shared by every stage: problems are vfile messages with a
 * place, a rule id and a sentence that says how to fix them.
 */
import {closest, distance} from 'fastest-levenshtein'
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import type {Point, Position} from 'unist'
import {location} from 'vfile-location'
import {ruleUrl, severityOf, type RuleId} from './rules.js'

export const SOURCE = 'briefdeck'

export type Place = Point | Position | undefined

/**
 * Report a problem under a rule: its severity comes from the rule table and the
 * `rules` settings on `file.data` (an error stops the brief's outputs; `off`
 * reports nothing). Returns the message, if one was made.
 */
export function report(file: VFile, reason: string, place: Place, ruleId: RuleId): VFileMessage | undefined {
  const severity = severityOf(ruleId, file.data.rules)
  if (severity === 'off') return undefined
  const message = file.message(reason, {place, ruleId, source: SOURCE})
  message.url = ruleUrl(ruleId)
  message.fatal = severity === 'error' ? true : false
  return message
}

/** Whether the file has messages that must stop its outputs from being written. */
export function hasErrors(file: VFile): boolean {
  return withRelated([file]).some((each) => each.messages.some((message) => message.fatal === true))
}

/** Briefs and the other files with messages about them (their bibliography files), each once, in order. */
export function withRelated(files: VFile[]): VFile[] {
  const all: VFile[] = []
  for (const file of files) {
    all.push(file)
    for (const related of file.data.related ?? []) if (!all.some((each) => each.path === related.path && each.messages === related.messages)) all.push(related)
  }
  return all
}

/** ` Did you mean `x`?` when a candidate is close enough, else an empty string. */
export function didYouMean(value: string, candidates: Iterable<string>): string {
  const list = [...candidates]
  if (list.length === 0 || value === '') return ''
  const best = closest(value, list)
  const limit = Math.max(2, Math.floor(best.length / 3))
  if (distance(value, best) <= limit) return ` Did you mean \`${best}\`?`
  // `outDir` for `out`, `cite-key` for `cite`: a known name that starts the value.
  const lower = value.toLowerCase()
  const prefix = list.filter((name) => name.length >= 3 && lower.startsWith(name.toLowerCase())).sort((a, b) => b.length - a.length)[0]
  return prefix ? ` Did you mean \`${prefix}\`?` : ''
}

/** Turn an offset into the file into a point. */
export function pointAt(file: VFile, offset: number): Point | undefined {
  // `String()`, not vfile's own decoding: a brief held as bytes keeps its byte order mark, as offsets into `String(file.value)` count it.
  const point = location(String(file.value)).toPoint(offset)
  return point ? {line: point.line, column: point.column, offset} : undefined
}

/** Turn a range of offsets into a position. */
export function positionAt(file: VFile, start: number, end: number): Position | undefined {
  const from = pointAt(file, start)
  const to = pointAt(file, end)
  return from && to ? {start: from, end: to} : undefined
}

/** Quote a value for a message, shortened so a long value does not flood the report. */
export function quoted(value: string): string {
  const short = value.length > 60 ? `${value.slice(0, 57)}…` : value
  return `\`${short}\``
}
