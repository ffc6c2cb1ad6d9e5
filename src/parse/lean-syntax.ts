/**
 * remark-parse, with the syntax constructs that a document's text cannot use
 * left out of its parse. A construct hooked on common characters costs even
 * where it never matches: GFM's email autolink literal is tried at every
 * letter and digit (a quarter of a brief's parse time), yet needs an `@`; a
 * GFM table is tried at every line, yet needs a `|` or a delimiter cell with a
 * colon (`:-`, `-:`), and is tried only on the lines where one may be (see
 * `tableLines`). Without them, a text that cannot use them parses to the
 * same tree, faster (test/lean-syntax.test.ts holds this against the
 * CommonMark and GFM examples).
 */
import {fromMarkdown} from 'mdast-util-from-markdown'
import type {Root} from 'mdast'
import type {Construct, Extension} from 'micromark-util-types'
import type {Plugin, Processor} from 'unified'
// The processor data that syntax plugins fill (`micromarkExtensions`, `fromMarkdownExtensions`), as remark-parse declares it.
import type {} from 'remark-parse'
import {createChunkedParser} from './chunked-parse.js'

export interface OptionalConstruct {
  /** The construct's `name` in its micromark extension. */
  name: string
  /** Whether a text may use it: `false` only when it certainly cannot. */
  mayUse: (text: string) => boolean
}

/** Constructs left out of a text that cannot use them. */
export const OPTIONAL_CONSTRUCTS: readonly OptionalConstruct[] = [
  // `user@example.org`: nothing else starts one.
  {name: 'emailAutolink', mayUse: (text) => text.includes('@')},
  // A delimiter row needs a pipe, or a colon beside a dash (micromark reads `a\n:-:` as a table).
  {name: 'table', mayUse: (text) => /\||:-|-:/.test(text)}
]

/** The hooks of an extension that map characters to constructs. */
const CONSTRUCT_HOOKS = ['document', 'contentInitial', 'flowInitial', 'flow', 'string', 'text'] as const

/** `extension` without the constructs named in `names` (a copy; the extension is left as it is). */
export function withoutConstructs(extension: Extension, names: ReadonlySet<string>): Extension {
  const result: Extension = {...extension}
  for (const hook of CONSTRUCT_HOOKS) {
    const record = extension[hook]
    if (!record) continue
    const kept: Record<string, Construct | Construct[]> = {}
    for (const [code, value] of Object.entries(record)) {
      if (value === undefined) continue
      const constructs = (Array.isArray(value) ? value : [value]).filter((construct) => !construct.name || !names.has(construct.name))
      if (constructs.length > 0) kept[code] = constructs
    }
    result[hook] = kept
  }
  return result
}

/**
 * Characters a table's delimiter row (`| :-- | --: |`) may hold, with the marks
 * of the blockquotes and list items it may sit in; it holds a dash.
 */
const DELIMITER_ROW = /^[\s|:>*+\-.)0-9]*-[\s|:>*+\-.)0-9]*$/

/**
 * The lines (1-based) where a GFM table may start or go on: a line before
 * one that may be a delimiter row (a head row), and the lines after such a
 * delimiter row up to a blank line (body rows). Anywhere else the table
 * construct fails, so it is not tried there: micromark tries it at the start
 * of every line, and on a line of prose it reads the whole line first.
 */
export function tableLines(text: string): Set<number> {
  const lines = text.split(/\r\n|\r|\n/)
  const allowed = new Set<number>()
  let inTable = false
  lines.forEach((line, index) => {
    // Blank for Markdown: spaces and tabs only (a no-break space is text, and a table row).
    if (/^[ \t]*$/.test(line)) inTable = false
    else if (DELIMITER_ROW.test(line)) inTable = true
    if (inTable || (index + 1 < lines.length && DELIMITER_ROW.test(lines[index + 1]))) allowed.add(index + 1)
  })
  return allowed
}

/** `construct`, tried only at the start of the lines in `lines`; it fails at once elsewhere. */
function onLines(construct: Construct, lines: ReadonlySet<number>): Construct {
  const tokenize = construct.tokenize
  return {
    ...construct,
    tokenize(effects, ok, nok) {
      return lines.has(this.now().line) ? tokenize.call(this, effects, ok, nok) : (code) => nok(code)
    }
  }
}

/** `extension` with the constructs named `name` replaced by `replace` (a copy, or the extension itself when it has none). */
function replaceConstruct(extension: Extension, name: string, replace: (construct: Construct) => Construct): Extension {
  let result: Extension | undefined
  for (const hook of CONSTRUCT_HOOKS) {
    const record = extension[hook]
    if (!record || !Object.values(record).some((value) => [value ?? []].flat().some((construct) => construct.name === name))) continue
    result ??= {...extension}
    const replaced: Record<string, Construct | Construct[]> = {}
    for (const [code, value] of Object.entries(record)) {
      if (value !== undefined) replaced[code] = Array.isArray(value) ? value.map((each) => (each.name === name ? replace(each) : each)) : value.name === name ? replace(value) : value
    }
    result[hook] = replaced
  }
  return result ?? extension
}

/** The extensions for each set of left-out constructs, made once per list of extensions. */
const leaner = new WeakMap<Extension[], Map<string, Extension[]>>()

/** `extensions` without the optional constructs that `text` cannot use. */
export function extensionsFor(extensions: Extension[], text: string, optional: readonly OptionalConstruct[] = OPTIONAL_CONSTRUCTS): Extension[] {
  const unused = optional.filter((construct) => !construct.mayUse(text)).map((construct) => construct.name)
  if (unused.length === 0) return extensions
  const key = unused.join(' ')
  let made = leaner.get(extensions)
  if (!made) leaner.set(extensions, (made = new Map()))
  let found = made.get(key)
  if (!found) made.set(key, (found = extensions.map((extension) => withoutConstructs(extension, new Set(unused)))))
  return found
}

/** `extensions`, their table construct (if one is left) tried only where a table may be (see `tableLines`). */
export function withTableLines(extensions: Extension[], text: string): Extension[] {
  let lines: Set<number> | undefined
  return extensions.map((extension) => replaceConstruct(extension, 'table', (construct) => onLines(construct, (lines ??= tableLines(text)))))
}

export interface LeanParseOptions {
  /**
   * Keep the trees of the parts of the texts parsed, and parse a text again
   * only where it changed (see chunked-parse.ts; default: `false`). For a
   * process that parses the same texts again and again, as `serve` does.
   */
  incremental?: boolean
}

/**
 * A unified plugin that parses as remark-parse does, with the extensions the
 * syntax plugins registered, less the constructs each document cannot use.
 */
const remarkParseLean: Plugin<[LeanParseOptions?], string, Root> = function (this: Processor, options: LeanParseOptions = {}) {
  // eslint-disable-next-line @typescript-eslint/no-this-alias
  const self = this
  const parse = (document: string): Root =>
    fromMarkdown(document, {
      ...self.data('settings'),
      extensions: withTableLines(extensionsFor(self.data('micromarkExtensions') ?? [], document), document),
      mdastExtensions: self.data('fromMarkdownExtensions') ?? []
    })
  self.parser = options.incremental ? createChunkedParser({parse}) : parse
}

export default remarkParseLean
