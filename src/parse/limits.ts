/**
 * Limits checked before parsing, so that a huge or pathological brief is an
 * error within milliseconds instead of minutes in the Markdown parser (deep
 * nesting overflows its stack; thousands of emphasis markers make it slow).
 */
import type {VFile} from 'vfile'
import {report} from '../messages.js'

export interface Limits {
  /** Largest brief, in bytes (default: 2 MiB). */
  maxBytes?: number
  /** Deepest nesting of quotes, lists and containers (default: 100). */
  maxDepth?: number
  /** Most `*` and `_` markers in one paragraph (default: 5000). */
  maxMarkers?: number
}

/** Report what breaks a limit; returns whether the brief may be parsed. */
export function checkLimits(file: VFile, limits: Limits = {}): boolean {
  const maxBytes = limits.maxBytes ?? 2 * 1024 * 1024
  const maxDepth = limits.maxDepth ?? 100
  const maxMarkers = limits.maxMarkers ?? 5000
  const source = String(file.value)
  const bytes = Buffer.byteLength(source)
  if (bytes > maxBytes) {
    report(
      file,
      `This brief is ${(bytes / 1024 / 1024).toFixed(1)} MiB, over the limit of ${(maxBytes / 1024 / 1024).toFixed(1)} MiB: split it into several briefs, or move long appendices out of it`,
      {line: 1, column: 1},
      'brief-too-large'
    )
    return false
  }
  const lines = source.split('\n')
  let containers = 0
  let markers = 0
  let paragraphStart = 0
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]
    if (/^\s*$/.test(line)) {
      markers = 0
      paragraphStart = index + 1
      continue
    }
    const fence = /^[ \t>]*(:{3,})([A-Za-z][\w-]*)?/.exec(line)
    if (fence) containers = fence[2] ? containers + 1 : Math.max(0, containers - 1)
    // Quote markers, list markers and indentation before the line's content: each opens a level.
    const prefix = /^(?:[ \t>]|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*/.exec(line)?.[0] ?? ''
    const opened = (prefix.match(/>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])/g) ?? []).length
    const indent = prefix.replace(/>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])/g, '').replace(/\t/g, '    ').length
    const depth = opened + Math.floor(indent / 4) + containers
    if (depth > maxDepth) {
      report(
        file,
        `Nesting is ${depth} levels deep here, over the limit of ${maxDepth}: remove levels of quotes, lists or annotations around this line`,
        {line: index + 1, column: 1},
        'too-deeply-nested'
      )
      return false
    }
    markers += (line.match(/[*_]/g) ?? []).length
    if (markers > maxMarkers) {
      report(
        file,
        `This paragraph has over ${maxMarkers} \`*\` and \`_\` markers: remove the stray markers, or escape them as \`\\*\` and \`\\_\``,
        {line: paragraphStart + 1, column: 1},
        'too-many-markers'
      )
      return false
    }
  }
  return true
}
