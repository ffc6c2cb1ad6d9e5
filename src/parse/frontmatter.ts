/**
 * Read and validate the brief's YAML front matter into a `BriefMeta`.
 */
import type {Root, Yaml} from 'mdast'
import type {Position} from 'unist'
import type {VFile} from 'vfile'
import {isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair} from 'yaml'
import {parse as parseBcp47} from 'bcp-47'
import {HANDOUT_LAYOUTS, PAPER_SIZES, type BriefMeta, type HandoutLayout, type PaperSize} from '../types.js'
import {didYouMean, report, positionAt, quoted} from '../messages.js'
import {isValidDate} from '../annotations/attributes.js'

export interface FrontmatterOptions {
  /** Names of the deck themes that exist (ours and Marp's built-ins). */
  themes: ReadonlySet<string>
  /** Theme used when the brief names none (default: `briefing`). */
  defaultTheme?: string
  /** Handout layout used when the brief names none (default: `article`). */
  defaultHandoutLayout?: HandoutLayout
  /** Paper size used when the brief names none (default: `a4`). */
  defaultPaper?: PaperSize
}

export const KNOWN_KEYS = [
  'title',
  'subtitle',
  'author',
  'organization',
  'date',
  'lang',
  'theme',
  'paginate',
  'titleSlide',
  'marp',
  'handout',
  'bibliography',
  'citationStyle',
  'nocite',
  'version',
  'draft',
  'embargo',
  'keywords'
] as const

/** Marp global directives a brief may pass through in `marp:`. */
export const MARP_KEYS = [
  'size',
  'header',
  'footer',
  'class',
  'backgroundColor',
  'backgroundImage',
  'backgroundPosition',
  'backgroundRepeat',
  'backgroundSize',
  'color',
  'headingDivider',
  'math'
] as const

interface Reader {
  file: VFile
  /** Offset of the YAML text inside the file. */
  base: number
  fallback: Position | undefined
}

/** The meta of a brief whose front matter says nothing. */
export function defaultMeta(options: Partial<FrontmatterOptions> = {}): BriefMeta {
  return {
    title: '',
    authors: [],
    lang: 'en',
    theme: options.defaultTheme ?? 'briefing',
    paginate: true,
    titleSlide: true,
    draft: false,
    keywords: [],
    marp: {},
    citations: {bibliography: [], nocite: []},
    handout: {layout: options.defaultHandoutLayout ?? 'article', paper: options.defaultPaper ?? 'a4'}
  }
}

/** Read the front matter. Problems are reported on `file`; the result always has defaults. */
export function readFrontmatter(tree: Root, file: VFile, options: FrontmatterOptions): BriefMeta {
  const meta = defaultMeta(options)
  const node = tree.children.find((child): child is Yaml => child.type === 'yaml')
  if (!node) {
    report(
      file,
      'This brief has no front matter: start the file with `---`, a line `title: Your title`, and `---`',
      {line: 1, column: 1},
      'missing-title'
    )
    return meta
  }
  const source = String(file.value)
  const start = node.position?.start.offset ?? 0
  const reader: Reader = {file, base: source.indexOf('\n', start) + 1, fallback: node.position}
  const doc = parseDocument(node.value, {prettyErrors: false, uniqueKeys: true})
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      report(
        file,
        `The front matter is not valid YAML (${error.message.split('\n')[0]}): fix the YAML syntax, e.g. quote values that contain \`:\` or \`#\``,
        place(reader, error.pos),
        'frontmatter-yaml'
      )
    }
    return meta
  }
  const contents = doc.contents
  if (!isMap(contents)) {
    report(file, 'The front matter is not a mapping: write one `key: value` per line, such as `title: Your title`', node.position, 'frontmatter-yaml')
    return meta
  }
  let hasTitle = false
  for (const pair of contents.items as Array<Pair<YamlNode, YamlNode>>) {
    const key = isScalar(pair.key) ? String(pair.key.value) : ''
    const at = place(reader, pair.key?.range)
    const valueAt = place(reader, pair.value?.range ?? pair.key?.range)
    const value = pair.value
    switch (key) {
      case 'title':
      case 'subtitle':
      case 'organization': {
        const text = readString(reader, value, key, valueAt)
        if (text !== undefined) meta[key] = text
        if (key === 'title' && text) hasTitle = true
        break
      }
      case 'author': {
        if (isSeq(value)) {
          for (const item of value.items) {
            const text = readString(reader, item as YamlNode, 'author', place(reader, (item as YamlNode).range))
            if (text) meta.authors.push(text)
          }
        } else {
          const text = readString(reader, value, key, valueAt)
          if (text) meta.authors.push(text)
        }
        break
      }
      case 'date': {
        const text = readString(reader, value, key, valueAt)
        if (text === undefined) break
        if (isValidDate(text)) meta.date = text
        else report(file, `Invalid date ${quoted(text)}: write the date as YYYY-MM-DD, e.g. \`2024-05-14\``, valueAt, 'invalid-date')
        break
      }
      case 'lang': {
        const text = readString(reader, value, key, valueAt)
        if (text === undefined) break
        if (parseBcp47(text).language) {
          meta.lang = text
          meta.langPosition = valueAt
        }
        else report(file, `Invalid language tag ${quoted(text)}: use a BCP 47 tag such as \`en\`, \`en-GB\` or \`fr\``, valueAt, 'invalid-lang')
        break
      }
      case 'theme': {
        const text = readString(reader, value, key, valueAt)
        if (text === undefined) break
        if (options.themes.has(text)) meta.theme = text
        else
          report(
            file,
            `Unknown theme ${quoted(text)}.${didYouMean(text, options.themes)} Use one of ${[...options.themes].map((name) => `\`${name}\``).join(', ')}, or add \`themes/${text}.css\` with a \`/* @theme ${text} */\` header`,
            valueAt,
            'unknown-theme'
          )
        break
      }
      case 'embargo': {
        const text = readString(reader, value, key, valueAt)
        if (text === undefined) break
        const time = embargoTime(text)
        if (time === undefined)
          report(
            file,
            `Invalid embargo ${quoted(text)}: write the date, the time and the time zone in ISO 8601, e.g. \`embargo: 2026-12-10T09:00:00+01:00\` or \`2026-12-10T08:00Z\``,
            valueAt,
            'invalid-date'
          )
        else meta.embargo = {text, time, position: valueAt}
        break
      }
      case 'draft':
      case 'paginate':
      case 'titleSlide': {
        const flag = isScalar(value) ? value.value : undefined
        if (typeof flag === 'boolean') meta[key] = flag
        else report(file, `\`${key}\` is not a yes/no value: write \`${key}: true\` or \`${key}: false\``, valueAt, 'frontmatter-invalid')
        break
      }
      case 'marp':
        readMarp(reader, value, meta, valueAt)
        break
      case 'handout':
        readHandout(reader, value, meta, valueAt)
        break
      case 'bibliography':
        meta.citations.bibliography = readList(reader, value, key, valueAt).map(([text, at]) => ({path: text, position: at}))
        break
      case 'keywords':
        meta.keywords = readList(reader, value, key, valueAt).map(([text]) => text)
        break
      case 'version': {
        const text = readString(reader, value, key, valueAt)
        if (text) meta.version = text
        break
      }
      case 'citationStyle': {
        const text = readString(reader, value, key, valueAt)
        if (text) meta.citations.style = {value: text, position: valueAt}
        break
      }
      case 'nocite': {
        const scalar = isScalar(value) ? value.value : undefined
        if (scalar === '*') meta.citations.nocite = '*'
        else meta.citations.nocite = readList(reader, value, key, valueAt).map(([text]) => text.replace(/^@/, ''))
        break
      }
      default:
        report(
          file,
          `Unknown front matter key ${quoted(key)}.${didYouMean(key, KNOWN_KEYS)} Remove it or use one of: ${KNOWN_KEYS.join(', ')}`,
          at,
          'frontmatter-unknown-key'
        )
    }
  }
  if (!hasTitle) {
    report(file, 'The front matter has no `title`: add a line such as `title: Your title`', node.position?.start, 'missing-title')
  }
  return meta
}

function readMarp(reader: Reader, value: YamlNode | null, meta: BriefMeta, at: Position | undefined): void {
  if (!isMap(value)) {
    report(reader.file, '`marp` is not a mapping: write Marp global directives as keys under it, e.g. `marp: {footer: "My org"}`', at, 'frontmatter-invalid')
    return
  }
  for (const pair of value.items as Array<Pair<YamlNode, YamlNode>>) {
    const key = isScalar(pair.key) ? String(pair.key.value) : ''
    const keyAt = place(reader, pair.key?.range)
    if (!(MARP_KEYS as readonly string[]).includes(key)) {
      const hint = key === 'theme' || key === 'paginate' ? ` Set \`${key}\` at the top level of the front matter instead.` : ''
      report(
        reader.file,
        `Unsupported Marp directive ${quoted(key)} in \`marp\`; it is ignored.${hint || didYouMean(key, MARP_KEYS)} Remove it or use one of: ${MARP_KEYS.join(', ')}`,
        keyAt,
        'frontmatter-unknown-key'
      )
      continue
    }
    if (key === 'headingDivider') {
      readHeadingDivider(reader, pair.value, meta, place(reader, pair.value?.range) ?? keyAt)
      continue
    }
    const scalar = isScalar(pair.value) ? pair.value.value : undefined
    if (typeof scalar === 'string' || typeof scalar === 'number' || typeof scalar === 'boolean') {
      meta.marp[key] = scalar
    } else {
      report(reader.file, `\`marp.${key}\` is not a single value: write text, a number or true/false`, place(reader, pair.value?.range) ?? keyAt, 'frontmatter-invalid')
    }
  }
}

/** Marp's `headingDivider`: a heading level from 1 to 6, or a list of levels. */
function readHeadingDivider(reader: Reader, value: YamlNode | null, meta: BriefMeta, at: Position | undefined): void {
  const items = isSeq(value) ? (value.items as YamlNode[]).map((item) => (isScalar(item) ? item.value : undefined)) : [isScalar(value) ? value.value : undefined]
  const levels = items.filter((item): item is number => typeof item === 'number' && Number.isInteger(item) && item >= 1 && item <= 6)
  if (levels.length === items.length && levels.length > 0) {
    meta.marp.headingDivider = isSeq(value) ? levels : levels[0]
    return
  }
  report(
    reader.file,
    '`marp.headingDivider` must be a heading level from 1 to 6, or a list of them: write e.g. `headingDivider: 2` (a new slide before every `#` and `##` heading) or `headingDivider: [1, 3]`',
    at,
    'frontmatter-invalid'
  )
}

function readHandout(reader: Reader, value: YamlNode | null, meta: BriefMeta, at: Position | undefined): void {
  if (!isMap(value)) {
    report(reader.file, '`handout` is not a mapping: write its settings as keys under it, e.g. `handout: {layout: notes, paper: letter}`', at, 'frontmatter-invalid')
    return
  }
  const choices = {layout: HANDOUT_LAYOUTS, paper: PAPER_SIZES} as const
  for (const pair of value.items as Array<Pair<YamlNode, YamlNode>>) {
    const key = isScalar(pair.key) ? String(pair.key.value) : ''
    const keyAt = place(reader, pair.key?.range)
    if (key !== 'layout' && key !== 'paper') {
      report(reader.file, `Unknown handout setting ${quoted(key)}.${didYouMean(key, ['layout', 'paper'])} Remove it or use one of: layout, paper`, keyAt, 'frontmatter-unknown-key')
      continue
    }
    const text = readString(reader, pair.value, `handout.${key}`, place(reader, pair.value?.range) ?? keyAt)
    if (text === undefined) continue
    const allowed: readonly string[] = choices[key]
    if (allowed.includes(text)) {
      if (key === 'layout') meta.handout.layout = text as HandoutLayout
      else meta.handout.paper = text as PaperSize
    } else {
      report(
        reader.file,
        `Unknown handout ${key} ${quoted(text)}.${didYouMean(text, allowed)} Use one of: ${allowed.join(', ')}`,
        place(reader, pair.value?.range) ?? keyAt,
        'frontmatter-invalid'
      )
    }
  }
}

/** An ISO 8601 date-time with seconds optional and a time zone required (`Z` or `±hh:mm`), as milliseconds. */
export function embargoTime(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.exec(text)
  if (!match || !isValidDate(`${match[1]}-${match[2]}-${match[3]}`)) return undefined
  const [hours, minutes, seconds] = [match[4], match[5], match[6] ?? '0'].map(Number)
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined
  const time = Date.parse(text.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
  return Number.isNaN(time) ? undefined : time
}

function readString(reader: Reader, value: YamlNode | null, key: string, at: Position | undefined): string | undefined {
  const scalar = isScalar(value) ? value.value : undefined
  if (typeof scalar === 'string') return scalar.trim()
  if (typeof scalar === 'number') return String(scalar)
  report(reader.file, `\`${key}\` is not text: write it as text, e.g. \`${key}: "…"\``, at, 'frontmatter-invalid')
  return undefined
}

/** A string or a list of strings, each with its place. */
function readList(reader: Reader, value: YamlNode | null, key: string, at: Position | undefined): Array<[string, Position | undefined]> {
  const nodes = isSeq(value) ? (value.items as YamlNode[]) : [value]
  const list: Array<[string, Position | undefined]> = []
  for (const node of nodes) {
    const where = place(reader, node?.range) ?? at
    const text = readString(reader, node, key, where)
    if (text) list.push([text, where])
  }
  return list
}

function place(reader: Reader, range: readonly number[] | [number, number, number?] | null | undefined): Position | undefined {
  if (!range) return reader.fallback
  return positionAt(reader.file, reader.base + range[0], reader.base + range[1]) ?? reader.fallback
}
