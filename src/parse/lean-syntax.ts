/**
 * remark-parse, with the syntax constructs that a document's text cannot use
 * left out of its parse. A construct hooked on common characters costs even
 * where it never matches: GFM's email autolink literal is tried at every
 * letter and digit (a quarter of a brief's parse time), yet needs an `@`; a
 * GFM table is tried at every line, yet needs a `|` or a delimiter cell with a
 * colon (`:-`, `-:`). Without them, a text that cannot use them parses to the
 * same tree, faster (test/lean-syntax.test.ts holds this against the
 * CommonMark and GFM examples).
 */
import {fromMarkdown} from 'mdast-util-from-markdown'
import type {Root} from 'mdast'
import type {Construct, Extension} from 'micromark-util-types'
import type {Plugin, Processor} from 'unified'
// The processor data that syntax plugins fill (`micromarkExtensions`, `fromMarkdownExtensions`), as remark-parse declares it.
import type {} from 'remark-parse'

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

/**
 * A unified plugin that parses as remark-parse does, with the extensions the
 * syntax plugins registered, less the constructs each document cannot use.
 */
const remarkParseLean: Plugin<[], string, Root> = function (this: Processor) {
  // eslint-disable-next-line @typescript-eslint/no-this-alias
  const self = this
  self.parser = (document: string): Root =>
    fromMarkdown(document, {
      ...self.data('settings'),
      extensions: extensionsFor(self.data('micromarkExtensions') ?? [], document),
      mdastExtensions: self.data('fromMarkdownExtensions') ?? []
    })
}

export default remarkParseLean
