/**
 * Limits, so that a huge or pathological brief is an error within
 * milliseconds instead of minutes (deep nesting overflows the parser's stack;
 * emphasis markers and runs of block quotes make it slow, more than linearly).
 * Measured on the text as the parser reads it: every line-ending form (LF,
 * CRLF, a lone CR) ends a line, and only spaces and tabs make a line blank
 * (a line of no-break spaces is text, and does not end a paragraph). The limits
 * keep every brief under them well within ten seconds on a two-core machine
 * (see test/limits.test.ts).
 */
import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {report} from '../messages.js'

export interface Limits {
  /** Largest brief, in bytes (default: 128 KiB, some 20,000 words). */
  maxBytes?: number
  /** Deepest nesting of quotes, lists and containers (default: 100). */
  maxDepth?: number
  /** Most `*` and `_` markers in one paragraph (default: 2,000). */
  maxMarkers?: number
  /** Most `*` and `_` markers in the whole brief (default: 20,000). */
  maxTotalMarkers?: number
  /** Most block quotes (default: 1,000). */
  maxQuotes?: number
  /** Most `[` in the brief, each a link, image or label the parser must try to close (default: 10,000). */
  maxBrackets?: number
  /** Most elements in the parsed brief: paragraphs, links, list items, annotations, … (default: 15,000). */
  maxNodes?: number
  /** Most slide breaks (`---`) (default: 1,000). */
  maxSlides?: number
  /** Most characters of math, all formulas together (default: 10,000): MathJax is slow on long formulas. */
  maxMath?: number
}

export const LIMITS = {
  maxBytes: 128 * 1024,
  maxDepth: 100,
  maxMarkers: 2000,
  maxTotalMarkers: 20_000,
  maxQuotes: 1000,
  maxBrackets: 10_000,
  maxNodes: 15_000,
  maxSlides: 1000,
  maxMath: 10_000
} as const satisfies Required<Limits>

const LINE_ENDING = /\r\n|\r|\n/
const BLANK = /^[ \t]*$/
const QUOTE = /^ {0,3}>/

/** Report what breaks a limit of the text; returns whether the brief may be parsed. */
export function checkLimits(file: VFile, limits: Limits = {}): boolean {
  const {maxBytes, maxDepth, maxMarkers, maxTotalMarkers, maxQuotes, maxBrackets} = {...LIMITS, ...limits}
  const source = String(file.value)
  const bytes = Buffer.byteLength(source)
  if (bytes > maxBytes) {
    report(
      file,
      `This brief is ${Math.ceil(bytes / 1024)} KiB, over the limit of ${Math.floor(maxBytes / 1024)} KiB (some 20,000 words): split it into several briefs, or move long appendices out of it`,
      {line: 1, column: 1},
      'brief-too-large'
    )
    return false
  }
  // Unescaped `[`: a run of unclosed links (`[a](`) is the slowest text the parser reads.
  const brackets = source.match(/(?<!\\)\[/g)?.length ?? 0
  if (brackets > maxBrackets) {
    report(
      file,
      `This brief has ${brackets.toLocaleString('en')} \`[\`, over the limit of ${maxBrackets.toLocaleString('en')}: remove stray brackets or escape them as \`\\[\`, or split the brief`,
      {line: 1, column: 1},
      'too-many-elements'
    )
    return false
  }
  const lines = source.split(LINE_ENDING)
  let containers = 0
  let markers = 0
  let totalMarkers = 0
  let quotes = 0
  let paragraphStart = 0
  let previousQuoted = false
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]
    if (BLANK.test(line)) {
      markers = 0
      paragraphStart = index + 1
      previousQuoted = false
      continue
    }
    const quoted = QUOTE.test(line)
    if (quoted && !previousQuoted && ++quotes > maxQuotes) {
      report(
        file,
        `This brief has over ${maxQuotes} block quotes, more than a brief needs and more than the parser handles in good time: merge them, or split the brief`,
        {line: index + 1, column: 1},
        'too-many-elements'
      )
      return false
    }
    previousQuoted = quoted
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
    // Escaped markers (`\*`) are text to the parser, and cost it nothing.
    const count = (line.match(/(?<!\\)[*_]/g) ?? []).length
    markers += count
    totalMarkers += count
    if (markers > maxMarkers || totalMarkers > maxTotalMarkers) {
      const paragraph = markers > maxMarkers
      report(
        file,
        paragraph
          ? `This paragraph has over ${maxMarkers} \`*\` and \`_\` markers: remove the stray markers, or escape them as \`\\*\` and \`\\_\``
          : `This brief has over ${maxTotalMarkers} \`*\` and \`_\` markers in all: remove stray markers, escape them as \`\\*\` and \`\\_\`, or split the brief`,
        {line: (paragraph ? paragraphStart : index) + 1, column: 1},
        'too-many-markers'
      )
      return false
    }
  }
  return true
}

/** Report what breaks a limit of the parsed tree; returns whether the brief may go on. */
export function checkTreeLimits(tree: Root, file: VFile, limits: Limits = {}): boolean {
  const {maxNodes, maxSlides, maxMath} = {...LIMITS, ...limits}
  let nodes = 0
  let slides = 0
  let math = 0
  const stack: Array<{type: string; children?: unknown[]}> = [tree]
  while (stack.length > 0) {
    const node = stack.pop() as {type: string; value?: string; children?: Array<{type: string}>; position?: {start: {line: number}}}
    nodes++
    if (node.type === 'thematicBreak') slides++
    if ((node.type === 'math' || node.type === 'inlineMath') && (math += node.value?.length ?? 0) > maxMath) {
      report(
        file,
        `This brief has over ${maxMath.toLocaleString('en')} characters of math, more than the math engine renders in good time: shorten the formulas, or show long ones as images`,
        node.position ? {line: node.position.start.line, column: 1} : {line: 1, column: 1},
        'too-much-math'
      )
      return false
    }
    if (nodes > maxNodes || slides > maxSlides) {
      const many = nodes > maxNodes
      report(
        file,
        many
          ? `This brief has over ${maxNodes.toLocaleString('en')} elements (paragraphs, links, list items, citations …), more than a brief can be built from in good time: split it into several briefs`
          : `This brief has over ${maxSlides.toLocaleString('en')} slides: split it into several briefs`,
        node.position ? {line: node.position.start.line, column: 1} : {line: 1, column: 1},
        many ? 'too-many-elements' : 'too-many-slides'
      )
      return false
    }
    if (node.children) for (let index = node.children.length - 1; index >= 0; index--) stack.push(node.children[index])
  }
  return true
}
