/**
 * The deck as a Markdown tree that Marp reads: the brief's own nodes, with our
 * annotations lowered to plain Markdown, text and HTML built with hastscript.
 * Nothing here is a string of Markdown: deck.md is written from this tree by
 * mdast-util-to-markdown, which escapes every text, so no attribute, caption,
 * locator or credit can add a line, a tag or a directive to the deck.
 */
import type {Element, ElementContent} from 'hast'
import {h} from 'hastscript'
import {toHtml} from 'hast-util-to-html'
import type {BlockContent, Html, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Text} from 'mdast'
import {toMarkdown} from 'mdast-util-to-markdown'
import {stringify as stringifyYaml} from 'yaml'
import {creditAttribution, shortCredit, sourceReference, type Segment} from '../resolve/attribution.js'
import type {AnnotationList, BriefData, Citation, Figure, InternalBlock, Quote} from '../types.js'
import {cslPhrasing, cslText} from '../resolve/csl-html.js'
import {houseParts, houseText} from '../resolve/house-citation.js'
import {authorsOf} from '../resolve/citations.js'
import {markdownOptions} from './markdown.js'
import {marpPackages} from './marp-packages.js'

let directives: Set<string> | undefined

/** Whether Marp applies a directive of this name (with or without the `_` of a local one): Marpit's, or marp-core's own. */
export function isMarpDirective(name: string): boolean {
  if (!directives) {
    const {marpitDirectives} = marpPackages()
    directives = new Set([
      ...Object.keys(marpitDirectives.globals),
      ...Object.keys(marpitDirectives.locals),
      ...['size', 'math', 'title', 'description', 'author', 'image', 'keywords', 'url', 'marp', 'transition']
    ])
  }
  return directives.has(name.replace(/^_/, ''))
}

/** Entries per "Sources" / "Image credits" slide before a list is split. */
export const LIST_SLIDE_SIZE = {sources: 6, credits: 5} as const

/** What a top-level node of the deck tree stands for. */
export type Origin =
  | {kind: 'brief'; node: RootContent}
  | {kind: 'sources' | 'credits'; node: AnnotationList}
  | {kind: 'title' | 'front matter'}

export interface MarpTree {
  root: Root
  /** For every top-level node of `root`: the brief's top-level node it comes from, or what generated it. */
  origins: Map<RootContent, Origin>
  /** Heading levels at which Marp's `headingDivider` starts a slide. */
  dividerLevels: ReadonlySet<number>
}

interface Context {
  data: BriefData
  /** Inside speaker notes, citations are plain text. */
  inNotes: boolean
}

/** Text from an attribute or a registry with every line break and control character folded to a space. */
export function fold(value: string): string {
  return value.replace(/[\s\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g, ' ')
}

/** Folded and trimmed: such text can never open a new block. */
export function oneLine(value: string): string {
  return fold(value).trim()
}

const text = (value: string): Text => ({type: 'text', value: oneLine(value)})
const html = (value: string): Html => ({type: 'html', value})
/** An element as HTML, on one line (a block of raw HTML ends at a blank line, so it may have none). */
const element = (node: Element): Html => html(toHtml(node).replace(/\n/g, ' '))
const openTag = (tag: string, className: string): Html => html(`<${tag} class="${className}">`)
const closeTag = (tag: string): Html => html(`</${tag}>`)

/** Build the deck tree of a resolved brief. */
export function toMarpTree(tree: Root, data: BriefData): MarpTree {
  const origins = new Map<RootContent, Origin>()
  const children: RootContent[] = []
  const add = (nodes: RootContent[], origin: Origin) => {
    for (const node of nodes) {
      origins.set(node, origin)
      children.push(node)
    }
  }
  add([frontmatter(data)], {kind: 'front matter'})
  if (data.meta.titleSlide) add([...titleSlide(data), {type: 'thematicBreak'}], {kind: 'title'})
  const context: Context = {data, inNotes: false}
  for (const node of tree.children) {
    if (node.type === 'yaml') continue
    if (node.type === 'annotationList') {
      // Lists added at the end start a slide of their own; a `::sources` the author placed stays where it is.
      const lists = listSlides(node, data)
      add(node.position ? lists : [{type: 'thematicBreak'}, ...lists], {kind: node.list, node})
      continue
    }
    add(lowerFlow(context, node), {kind: 'brief', node})
  }
  const levels = dividerLevels(tree, data)
  return {root: {type: 'root', children: withoutDoubleBreaks(children, origins, levels)}, origins, dividerLevels: levels}
}

/** The heading levels Marp starts a new slide at (`headingDivider` in the front matter or a comment in the body). */
function dividerLevels(tree: Root, data: BriefData): Set<number> {
  let setting: unknown = data.meta.marp.headingDivider
  for (const node of tree.children) {
    const match = node.type === 'html' ? /^<!--\s*headingDivider\s*:\s*(\[[\d\s,]*\]|\d)\s*-->$/.exec(node.value.trim()) : null
    if (match) setting = JSON.parse(match[1]) as unknown
  }
  if (typeof setting === 'number') return new Set(Array.from({length: setting}, (_, index) => index + 1))
  return new Set(Array.isArray(setting) ? setting.filter((level): level is number => typeof level === 'number') : [])
}

/**
 * Our own slide breaks (after the title slide, before the lists) are dropped
 * where Marp's `headingDivider` starts a slide at the next heading anyway:
 * both would leave a blank slide between them.
 */
function withoutDoubleBreaks(children: RootContent[], origins: Map<RootContent, Origin>, levels: Set<number>): RootContent[] {
  if (levels.size === 0) return children
  const result = [...children]
  for (let index = result.length - 1; index >= 0; index--) {
    const node = result[index]
    if (node.type !== 'thematicBreak' || origins.get(node)?.kind === 'brief') continue
    // Comments (directives) between the break and the heading belong to the heading's slide: they move after it.
    let next = index + 1
    while (result[next]?.type === 'html' && isComment(result[next] as Html)) next++
    const heading = result[next]
    if (heading?.type !== 'heading' || !levels.has(heading.depth)) continue
    const comments = result.slice(index + 1, next)
    result.splice(index, next - index + 1, heading, ...comments)
  }
  return result
}

function isComment(node: Html): boolean {
  return /^<!--[\s\S]*-->$/.test(node.value.trim())
}

function frontmatter(data: BriefData): RootContent {
  const {meta} = data
  // Marp renders `header` and `footer` as Markdown: our text goes in escaped, the author's own `marp:` values as written.
  const footer = toMarkdown({type: 'paragraph', children: [text(meta.organization ?? meta.title)]}, markdownOptions()).trim()
  const settings: Record<string, unknown> = {
    marp: true,
    theme: meta.theme,
    paginate: meta.paginate,
    lang: meta.lang,
    title: oneLine(meta.title),
    ...(meta.subtitle ? {description: oneLine(meta.subtitle)} : {}),
    ...(meta.authors.length > 0 ? {author: oneLine(data.words.list(meta.authors))} : {}),
    footer,
    ...Object.fromEntries(Object.entries(meta.marp).map(([key, value]) => [key, typeof value === 'string' ? oneLine(value) : value]))
  }
  // Every text double-quoted, on one line: Marp's loose YAML rewrites plain scalars (and breaks those with `\\`).
  return {type: 'yaml', value: stringifyYaml(settings, {defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0}).trimEnd()}
}

function titleSlide(data: BriefData): RootContent[] {
  const {meta} = data
  const byline = [meta.authors.length > 0 ? data.words.list(meta.authors) : undefined, meta.organization, meta.date ? data.words.date(meta.date) : undefined].filter(Boolean).join(' · ')
  // Directives after the heading: with Marp's `headingDivider`, a comment before a heading stays on the slide before it.
  const nodes: RootContent[] = [
    {type: 'heading', depth: 1, children: [text(meta.title)]},
    html('<!-- _class: title -->'),
    html('<!-- _paginate: false -->'),
    html('<!-- _footer: "" -->')
  ]
  if (meta.subtitle) nodes.push({type: 'paragraph', children: [{type: 'strong', children: [text(meta.subtitle)]}]})
  if (byline) nodes.push({type: 'paragraph', children: [text(byline)]})
  return nodes
}

/** A block of the brief as deck blocks (none for what the deck does not show). */
function lowerFlow(context: Context, node: RootContent): RootContent[] {
  switch (node.type) {
    case 'annotationDefinition':
      return []
    case 'viewOnly':
      return node.view === 'slides' ? node.children.flatMap((child) => lowerFlow(context, child)) : []
    case 'speakerNotes':
      return [notes(context, node.children)]
    case 'internalBlock':
      return internal(context, node)
    case 'quote':
      return quote(context, node)
    case 'figure':
      return figure(context, node)
    case 'annotationList':
      return []
    case 'html':
      return node.data?.removed ? [] : [{type: 'html', value: node.value}]
    case 'image':
      return [image(node.data?.href ?? node.url, node.data?.sourceAlt ?? node.alt ?? '', node.title)]
    case 'citation':
      return citation(context, node)
    default:
      return [lowerChildren(context, node)]
  }
}

/** A copy of a node with its children lowered (positions kept for nothing: the deck is a new document). */
function lowerChildren(context: Context, node: RootContent): RootContent {
  const {position: _position, ...rest} = node as RootContent & {children?: RootContent[]}
  if (!('children' in node)) return {...rest} as RootContent
  return {...rest, children: (node.children as RootContent[]).flatMap((child) => lowerFlow(context, child))} as RootContent
}

function image(url: string, alt: string, title?: string | null): RootContent {
  return {type: 'image', url, alt: oneLine(alt), title: title ? oneLine(title) : undefined}
}

/** The citation's mark: the house style's numbers, a note number, or an in-text style's citation as text. */
function citationMark(node: Citation, data: BriefData): {text: string; superscript: boolean} | undefined {
  if (node.rendered) {
    if (node.rendered.note !== undefined) return {text: String(node.rendered.note), superscript: true}
    return {text: cslText(node.rendered.html), superscript: false}
  }
  const parts = houseParts(node, data)
  const words = (value: string | undefined, after: boolean) => (value ? (after ? (/^[,;.:]/.test(value) ? value : `, ${value}`) : `${value} `) : '')
  return parts.length > 0 ? {text: words(node.prefix, false) + houseText(parts) + words(node.suffix, true), superscript: true} : undefined
}

/** A narrative citation's author text ("Stroul"), before its mark. */
function citationLead(node: Citation, data: BriefData): string | undefined {
  if (!node.narrative) return undefined
  return node.rendered?.lead ? cslText(node.rendered.lead) : authorsOf(node, data)
}

function citation(context: Context, node: Citation): PhrasingContent[] {
  const mark = citationMark(node, context.data)
  if (!mark) return []
  const lead = citationLead(node, context.data)
  // Folded to one line, with the space before the citation kept.
  const before: PhrasingContent[] = lead ? [{type: 'text', value: `${oneLine(lead)} `}] : []
  if (context.inNotes) return [...before, text(mark.superscript ? `[${mark.text}]` : mark.text)]
  if (!mark.superscript) return [...before, openTag('span', 'citation'), text(mark.text), closeTag('span')]
  return [...before, openTag('sup', 'citation'), text(mark.text), closeTag('sup')]
}

function notes(context: Context, children: BlockContent[]): RootContent {
  const lowered = children.flatMap((child) => lowerFlow({...context, inNotes: true}, child))
  // A comment is never read as Markdown again: its text goes in unescaped.
  const markdown = notesText(toMarkdown({type: 'root', children: lowered}, markdownOptions({handlers: {text: (node: Text) => node.value}})).trim())
  // hast-util-to-html keeps the comment a comment: `-->` inside it is escaped.
  return {type: 'html', value: toHtml({type: 'comment', value: `\n${markdown}\n`}), data: {speakerNotes: true}}
}

/**
 * Marp reads a comment whose text is a YAML mapping (`style: …`,
 * `_backgroundColor: red`) as directives. Notes that would read so get their
 * colons swapped for a look-alike (꞉): they stay notes, never directives.
 */
function notesText(value: string): string {
  const isMapping = (text: string) => {
    const parsed = marpPackages().marpitYaml(text, true)
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false
    return Object.keys(parsed).some(isMarpDirective)
  }
  if (!isMapping(value)) return value
  const keysOnly = value.replace(/:(?=\s|$)/g, '\uA789')
  return isMapping(keysOnly) ? value.replace(/:/g, '\uA789') : keysOnly
}

function quote(context: Context, node: Quote): RootContent[] {
  const attribution = [node.by, node.role].filter(Boolean).join(context.data.words.text('comma'))
  const caption: ElementContent[] = []
  if (attribution) caption.push({type: 'text', value: `— ${oneLine(attribution)}`})
  const mark = node.citation ? citationMark(node.citation, context.data) : undefined
  if (mark) {
    if (attribution) caption.push({type: 'text', value: ' '})
    caption.push(h(mark.superscript ? 'sup' : 'span', {className: ['citation']}, oneLine(mark.text)))
  }
  const nodes: RootContent[] = [html('<figure class="quote">\n<blockquote>'), ...node.children.flatMap((child) => lowerFlow(context, child)), closeTag('blockquote')]
  if (caption.length > 0) nodes.push(element(h('figcaption', caption)))
  nodes.push(closeTag('figure'))
  return nodes
}

/** An internal block, with its visible marker (a public build has none left). */
function internal(context: Context, node: InternalBlock): RootContent[] {
  const open = `<div class="internal">\n${toHtml(h('p', {className: ['internal-label']}, context.data.words.text('internal')))}`
  return [html(open), ...node.children.flatMap((child) => lowerFlow(context, child)), closeTag('div')]
}

function figure(context: Context, node: Figure): RootContent[] {
  const keywords = node.layout ? `${node.layout} ` : ''
  const nodes: RootContent[] = [{type: 'paragraph', children: [image(node.href ?? '', keywords + node.alt) as PhrasingContent]}]
  const credit = node.creditKey ? context.data.credits.get(node.creditKey) : undefined
  const isBackground = /(^|\s)bg(\s|$)/.test(node.layout ?? '')
  const line: PhrasingContent[] = []
  if (!isBackground && node.caption) line.push(openTag('span', 'caption'), text(node.caption), closeTag('span'))
  if (credit) {
    if (line.length > 0) line.push({type: 'text', value: ' '})
    line.push(openTag('small', 'credit'), text(shortCredit(credit, context.data.words)), closeTag('small'))
  }
  if (line.length > 0) nodes.push({type: 'paragraph', children: line} satisfies Paragraph)
  return nodes
}

/** Split a list of items into slide-sized chunks (always at least one, possibly empty). */
export function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size))
  return chunks.length > 0 ? chunks : [[]]
}

function listSlides(node: AnnotationList, data: BriefData): RootContent[] {
  if (node.list === 'sources' && data.bibliography) {
    const {entries} = data.bibliography
    return slides(data, 'sources', chunk(entries, LIST_SLIDE_SIZE.sources), (part) => ({
      type: 'list',
      ordered: false,
      spread: false,
      children: part.map((entry) => ({type: 'listItem', spread: false, children: [{type: 'paragraph', children: foldPhrasing(cslPhrasing(entry.html))}]}))
    }))
  }
  if (node.list === 'sources') {
    const sources = [...data.sources.values()].sort((a, b) => a.number - b.number)
    return slides(data, 'sources', chunk(sources, LIST_SLIDE_SIZE.sources), (part) => ({
      type: 'list',
      ordered: true,
      start: part[0]?.number ?? 1,
      spread: false,
      children: part.map((source) => listItem(sourceReference(source, data.words)))
    }))
  }
  return slides(data, 'imageCredits', chunk([...data.credits.values()], LIST_SLIDE_SIZE.credits), (part) => ({
    type: 'list',
    ordered: false,
    spread: false,
    children: part.map((credit) => listItem(creditAttribution(credit, data.words)))
  }))
}

function slides<T>(data: BriefData, key: 'sources' | 'imageCredits', parts: T[][], toList: (part: T[]) => List): RootContent[] {
  const title = data.words.text(key)
  return parts.flatMap((part, index) => {
    const nodes: RootContent[] = [
      ...(index > 0 ? [{type: 'thematicBreak'} as RootContent] : []),
      {type: 'heading', depth: 2, children: [text(index === 0 ? title : data.words.text('continued', {title}))]},
      html('<!-- _class: list -->')
    ]
    if (part.length > 0) nodes.push(toList(part))
    return nodes
  })
}

/** Text folded to one line, as every list entry on a slide. */
function foldPhrasing(nodes: PhrasingContent[]): PhrasingContent[] {
  return nodes.map((node) => (node.type === 'text' ? {...node, value: fold(node.value)} : 'children' in node ? ({...node, children: foldPhrasing(node.children as PhrasingContent[])} as PhrasingContent) : node))
}

function listItem(segments: Segment[]): ListItem {
  const children: PhrasingContent[] = segments.flatMap((segment) => {
    const node: PhrasingContent = segment.href ? {type: 'link', url: segment.href, children: [text(segment.text)]} : {type: 'text', value: fold(segment.text)}
    // A name or title from the brief reads in its own direction (an English title in an Arabic list).
    return segment.isolate ? [html('<bdi>'), node, html('</bdi>')] : [node]
  })
  return {type: 'listItem', spread: false, children: [{type: 'paragraph', children}]}
}
