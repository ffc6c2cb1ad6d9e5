/**
 * Lower a resolved brief to plain Marp Markdown. The author's own Markdown is
 * kept exactly as written (Marp directives and image syntax included): only
 * our annotations are replaced, by splicing the source between node offsets.
 */
import type {List, ListItem, PhrasingContent, Root, RootContent} from 'mdast'
import {toMarkdown} from 'mdast-util-to-markdown'
import type {Node} from 'unist'
import type {VFile} from 'vfile'
import {stringify as stringifyYaml} from 'yaml'
import {escapeHtml} from '../escape.js'
import {creditAttribution, formatDate, shortCredit, sourceReference, type Segment} from '../resolve/attribution.js'
import type {AnnotationList, BriefData, Citation, Figure, Quote} from '../types.js'
import {chunk, LIST_SLIDE_SIZE, planSlides, soloQuotes} from './slides.js'

interface Context {
  source: string
  data: BriefData
  /** Quotes alone on their slide, which get the pull-quote slide layout. */
  soloQuotes: ReadonlySet<Quote>
  /** Inside speaker notes, citations are written `[1]` rather than as HTML. */
  inNotes: boolean
}

/** The deck as Marp Markdown, front matter and title slide included. */
export function toMarpMarkdown(tree: Root, file: VFile, data: BriefData): string {
  const context: Context = {
    source: String(file.value),
    data,
    soloQuotes: soloQuotes(planSlides(tree, data)),
    inNotes: false
  }
  const frontmatter = tree.children.find((node) => node.type === 'yaml')
  const bodyStart = frontmatter?.position?.end.offset ?? 0
  const placed = tree.children.filter((node) => node.position)
  const appended = tree.children.filter((node) => !node.position)
  let body = emitRange(context, bodyStart, context.source.length, placed.filter((node) => node.type !== 'yaml'))
  for (const node of appended) body = `${body.replace(/\s+$/, '')}\n\n---\n\n${emit(context, node)}`
  const parts = [marpFrontmatter(data)]
  if (data.meta.titleSlide) parts.push(titleSlide(data), '\n---\n')
  parts.push(body.replace(/^\s*\n/, '\n'))
  return `${parts.join('\n').replace(/\s+$/, '')}\n`
}

function marpFrontmatter(data: BriefData): string {
  const {meta} = data
  const settings: Record<string, string | number | boolean> = {
    marp: true,
    theme: meta.theme,
    paginate: meta.paginate,
    lang: meta.lang,
    title: meta.title,
    ...(meta.subtitle ? {description: meta.subtitle} : {}),
    ...(meta.authors.length > 0 ? {author: meta.authors.join(', ')} : {}),
    footer: meta.organization ?? meta.title,
    ...meta.marp
  }
  return `---\n${stringifyYaml(settings).trimEnd()}\n---\n`
}

function titleSlide(data: BriefData): string {
  const {meta} = data
  const byline = [meta.authors.join(', '), meta.organization, meta.date ? formatDate(meta.date) : undefined]
    .filter((part) => part)
    .join(' · ')
  const blocks: RootContent[] = [{type: 'heading', depth: 1, children: [{type: 'text', value: meta.title}]}]
  if (meta.subtitle) blocks.push({type: 'paragraph', children: [{type: 'strong', children: [{type: 'text', value: meta.subtitle}]}]})
  if (byline) blocks.push({type: 'paragraph', children: [{type: 'text', value: byline}]})
  return `<!-- _class: title -->\n<!-- _paginate: false -->\n<!-- _footer: "" -->\n\n${markdown({type: 'root', children: blocks})}`
}

/** The source between `start` and `end`, with `nodes` (in order, inside that range) replaced by their lowering. */
function emitRange(context: Context, start: number, end: number, nodes: readonly Node[]): string {
  let out = ''
  let cursor = start
  for (const node of nodes) {
    const from = node.position?.start.offset
    const to = node.position?.end.offset
    if (from === undefined || to === undefined) continue
    const lowered = emit(context, node as RootContent)
    out += context.source.slice(cursor, from) + lowered
    cursor = to
    // A block that lowers to nothing takes its line ending with it.
    if (lowered === '' && context.source[cursor] === '\n' && isBlock(node)) cursor++
  }
  return out + context.source.slice(cursor, end)
}

function isBlock(node: Node): boolean {
  return node.type === 'annotationDefinition' || node.type === 'viewOnly' || node.type === 'speakerNotes' || node.type === 'html'
}

function emitChildren(context: Context, node: {children: readonly Node[]}): string {
  const first = node.children[0]?.position?.start.offset
  const last = node.children[node.children.length - 1]?.position?.end.offset
  if (first === undefined || last === undefined) return ''
  return emitRange(context, first, last, node.children)
}

function emit(context: Context, node: RootContent): string {
  switch (node.type) {
    case 'annotationDefinition':
      return ''
    case 'citation':
      return citation(context, node)
    case 'quote':
      return quote(context, node)
    case 'figure':
      return figure(context, node)
    case 'speakerNotes': {
      const text = emitChildren({...context, inNotes: true}, node)
      return `<!--\n${text.replace(/--+>?/g, (dashes) => dashes.split('').join('\u200b'))}\n-->`
    }
    case 'viewOnly':
      return node.view === 'slides' ? emitChildren(context, node) : ''
    case 'annotationList':
      return list(context, node)
    case 'image': {
      const href = node.data?.href ?? node.url
      const title = node.title ? ` "${node.title.replace(/["\\]/g, '\\$&')}"` : ''
      return `![${node.data?.sourceAlt ?? escapeAlt(node.alt ?? '')}](${encodeUrl(href)}${title})`
    }
    case 'html':
      return node.data?.removed ? '' : context.source.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0)
    default: {
      const start = node.position?.start.offset
      const end = node.position?.end.offset
      if (start === undefined || end === undefined) return ''
      return 'children' in node ? emitRange(context, start, end, node.children) : context.source.slice(start, end)
    }
  }
}

function citation(context: Context, node: Citation): string {
  if (node.numbers.length === 0) return ''
  const numbers = node.numbers.join(', ') + (node.loc ? `, ${node.loc}` : '')
  return context.inNotes ? `[${numbers}]` : `<sup class="citation">${numbers}</sup>`
}

function quote(context: Context, node: Quote): string {
  const attribution = [node.by, node.role].filter(Boolean).join(', ')
  const cited = node.citation ? citation(context, node.citation) : ''
  const caption = attribution || cited ? `\n<figcaption>${attribution ? `— ${escapeHtml(attribution)}` : ''}${cited ? ` ${cited}` : ''}</figcaption>` : ''
  const layout = context.soloQuotes.has(node) ? '<!-- _class: quote -->\n\n' : ''
  return `${layout}<figure class="quote">\n<blockquote>\n\n${emitChildren(context, node)}\n\n</blockquote>${caption}\n</figure>\n`
}

function figure(context: Context, node: Figure): string {
  const href = node.href ?? node.src
  const keywords = node.layout ? `${node.layout} ` : ''
  const image = `![${keywords}${escapeAlt(node.alt)}](${encodeUrl(href)})`
  const credit = node.creditKey ? context.data.credits.get(node.creditKey) : undefined
  const isBackground = /(^|\s)bg(\s|$)/.test(node.layout ?? '')
  const lines: string[] = []
  if (!isBackground && node.caption) lines.push(`<span class="caption">${escapeHtml(node.caption)}</span>`)
  if (credit) lines.push(`<small class="credit">${escapeHtml(shortCredit(credit))}</small>`)
  return lines.length > 0 ? `${image}\n\n${lines.join(' ')}` : image
}

function list(context: Context, node: AnnotationList): string {
  const {data} = context
  if (node.list === 'sources') {
    const sources = [...data.sources.values()].sort((a, b) => a.number - b.number)
    return slides('Sources', sources, LIST_SLIDE_SIZE.sources, (chunk) => ({
      type: 'list',
      ordered: true,
      start: chunk[0]?.number ?? 1,
      spread: false,
      children: chunk.map((source) => listItem(sourceReference(source)))
    }))
  }
  const credits = [...data.credits.values()]
  return slides('Image credits', credits, LIST_SLIDE_SIZE.credits, (chunk) => ({
    type: 'list',
    ordered: false,
    spread: false,
    children: chunk.map((credit) => listItem(creditAttribution(credit)))
  }))
}

function slides<T>(title: string, items: T[], perSlide: number, toList: (chunk: T[]) => List): string {
  return chunk(items, perSlide)
    .map((part, index) => {
      const heading = index === 0 ? title : `${title} (continued)`
      const children: RootContent[] = [{type: 'heading', depth: 2, children: [{type: 'text', value: heading}]}]
      if (part.length > 0) children.push(toList(part))
      return `<!-- _class: list -->\n\n${markdown({type: 'root', children})}`
    })
    .join('\n---\n\n')
}

function listItem(segments: Segment[]): ListItem {
  const children: PhrasingContent[] = segments.map((segment) =>
    segment.href
      ? {type: 'link', url: segment.href, children: [{type: 'text', value: segment.text}]}
      : {type: 'text', value: segment.text}
  )
  return {type: 'listItem', spread: false, children: [{type: 'paragraph', children}]}
}

function markdown(tree: Root): string {
  return toMarkdown(tree, {bullet: '-', rule: '-', resourceLink: true})
}

function escapeAlt(value: string): string {
  return value.replace(/[[\]\\]/g, '\\$&').replace(/\s+/g, ' ')
}

/** Make a URL safe inside `(…)`; local paths we built are encoded whole, others only where needed. */
function encodeUrl(value: string): string {
  if (value.startsWith('data:')) return value
  const encoded = /^[a-z][a-z\d+.-]*:/i.test(value) ? value.replace(/ /g, '%20') : encodeURI(value)
  return encoded.replace(/[()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}
