/**
 * Citations: merge adjacent ones, check every cited key, give quotes their
 * attribution, then number them (the house style) or format them with the
 * brief's CSL style. Numbers and notes are shared by the deck and the handout.
 */
import type {Parent, Root, RootContent} from 'mdast'
import type {VFile} from 'vfile'
import {formatCitations, type CiteInput} from '../bibliography/format.js'
import {parseLocator} from '../bibliography/locators.js'
import type {StyleChoice} from '../bibliography/resolve-style.js'
import {didYouMean, report, quoted} from '../messages.js'
import type {BriefData, Citation, Quote} from '../types.js'
import {sourceAttribution} from './attribution.js'

interface Cited {
  citation: Citation
  /** Whether the handout shows it (not in speaker notes or slides-only content). */
  inHandout: boolean
}

/** Resolve citations in place; `withheld` sources (cited only in what a public build leaves out) are not listed. */
export function resolveCitations(tree: Root, file: VFile, data: BriefData, style?: StyleChoice, withheld: ReadonlySet<string> = new Set()): void {
  const listed = data.meta.citations.nocite
  for (const key of withheld) if (listed !== '*' && !listed.includes(key)) data.sources.delete(key)
  mergeAdjacent(tree)
  const cited = collect(tree, file, data)
  let occurrence = 0
  for (const entry of cited) {
    entry.citation.occurrence = ++occurrence
    for (const item of entry.citation.items) {
      if (data.sources.has(item.key)) continue
      report(
        file,
        `Citation of unknown source ${quoted(item.key)}.${didYouMean(item.key, data.sources.keys())} Add it to a bibliography file, define it with \`::source{#${item.key} title="…"}\`, or fix the key`,
        entry.citation.position,
        'unknown-source'
      )
    }
  }
  const nocite = data.meta.citations.nocite
  const uncited = nocite === '*' ? [...data.sources.keys()] : nocite.filter((key) => data.sources.has(key))
  for (const key of nocite === '*' ? [] : nocite) {
    if (!data.sources.has(key)) report(file, `\`nocite\` names unknown source ${quoted(key)}.${didYouMean(key, data.sources.keys())} Fix the key or remove it`, data.meta.citations.bibliography[0]?.position ?? {line: 1, column: 1}, 'unknown-source')
  }
  if (style) formatWithStyle(file, data, cited, style, uncited)
  else numberSources(data, cited, uncited)
  for (const [key, source] of data.sources) {
    if (source.cited || uncited.includes(key)) continue
    // A library's entries that the brief does not cite are simply not listed.
    if (source.file) {
      data.sources.delete(key)
      continue
    }
    report(file, `Source \`#${key}\` is defined but never cited: cite it with \`:cite[${key}]\` or remove it`, source.position, 'unused-source')
    // The house style lists it after the cited ones (it has a number); a CSL bibliography lists what is cited.
    if (style) data.sources.delete(key)
  }
}

/** The authors a narrative citation names when the style gives no author-only form (numeric styles, the house style). */
export function authorsOf(citation: Citation, data: BriefData): string {
  return citation.items
    .map((item) => {
      const source = data.sources.get(item.key)
      const names = source?.item.author?.map((name) => name.family ?? name.literal).filter(Boolean) ?? []
      return names.length > 0 ? (names.length > 2 ? data.words.text('etAl', {name: names[0] as string}) : data.words.list(names as string[])) : (source?.publisher ?? source?.title ?? item.key)
    })
    .join('; ')
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** `:cite[a]:cite[b]` is one citation of two sources, as `:cite[a; b]` (never "15" for 1 and 5). */
function mergeAdjacent(node: Root | Parent): void {
  const children = node.children as RootContent[]
  for (let index = 0; index < children.length; index++) {
    const child = children[index] as RootContent
    if (child.type === 'citation') {
      while (true) {
        const between = children[index + 1]
        const after = between?.type === 'text' && /^\s*$/.test(between.value) ? children[index + 2] : between
        if (after?.type !== 'citation') break
        // A citation with its own words around it (prefix, suffix, narrative) stays its own.
        if ([child, after].some((each) => each.narrative || each.suffix !== undefined) || after.prefix !== undefined) break
        child.items.push(...after.items)
        if (child.position && after.position) child.position = {start: child.position.start, end: after.position.end}
        children.splice(index + 1, children.indexOf(after, index + 1) - index)
      }
    }
    if ('children' in child) mergeAdjacent(child as Parent)
  }
}

/** Every citation in document order (quotes with `source=` included), with whether the handout shows it. */
function collect(tree: Root, file: VFile, data: BriefData): Cited[] {
  const cited: Cited[] = []
  const walk = (nodes: RootContent[], inHandout: boolean): void => {
    for (const node of nodes) {
      if (node.type === 'citation') cited.push({citation: node, inHandout})
      if (node.type === 'quote') resolveQuote(node, inHandout)
      if ('children' in node) {
        const hidden = node.type === 'speakerNotes' || (node.type === 'viewOnly' && node.view === 'slides')
        walk(node.children as RootContent[], inHandout && !hidden)
      }
    }
  }
  const resolveQuote = (node: Quote, inHandout: boolean): void => {
    if (node.sourceKey) {
      node.citation = {type: 'citation', items: [{key: node.sourceKey, loc: node.loc}], numbers: [], occurrence: 0, position: node.position}
      cited.push({citation: node.citation, inHandout})
      const source = data.sources.get(node.sourceKey)
      if (!node.by && source) node.by = sourceAttribution(source)
    } else if (!node.by) {
      report(file, 'This quote says neither who said it nor where it comes from: add `by="…"` or `source=key`', node.position, 'quote-unattributed')
    }
  }
  walk(tree.children, true)
  return cited
}

/** The house style: sources numbered in order of first citation; uncited ones follow. */
function numberSources(data: BriefData, cited: Cited[], uncited: string[]): void {
  let next = 1
  for (const {citation, inHandout} of cited) {
    for (const item of citation.items) {
      const source = data.sources.get(item.key)
      if (!source) continue
      if (!source.cited) {
        source.cited = true
        source.number = next++
      }
      citation.numbers.push(source.number)
      if (inHandout && !source.handoutCitations.includes(citation.occurrence)) source.handoutCitations.push(citation.occurrence)
    }
  }
  for (const source of data.sources.values()) {
    if (!source.cited && (!source.file || uncited.includes(source.key))) source.number = next++
  }
}

/** A CSL style: citeproc formats every citation in order, the notes (note styles) and the bibliography. */
function formatWithStyle(file: VFile, data: BriefData, cited: Cited[], choice: StyleChoice, uncited: string[]): void {
  const note = choice.style.class === 'note'
  const inputs: CiteInput[] = []
  const formatted: Cited[] = []
  // What the handout shows comes first, in document order: its notes are 1…n with the full note first.
  // Citations only on slides or in speaker notes follow (they are numbered after, and never make a later note short).
  const ordered = [...cited.filter((entry) => entry.inHandout), ...cited.filter((entry) => !entry.inHandout)]
  for (const entry of ordered) {
    const items = entry.citation.items.filter((item) => data.sources.has(item.key))
    if (items.length === 0) continue
    for (const item of items) {
      const source = data.sources.get(item.key)
      if (source) source.cited = true
    }
    formatted.push(entry)
    const {citation} = entry
    const narrative = citation.narrative === true && !note
    const last = items.length - 1
    inputs.push({
      noteIndex: note ? formatted.length : 0,
      narrative: citation.narrative,
      items: items.map((item, index) => {
        const input: CiteInput['items'][number] = {id: item.key}
        if (index === 0 && citation.prefix) input.prefix = `${citation.prefix} `
        if (index === last && citation.suffix) input.suffix = /^[,;.:]/.test(citation.suffix) ? citation.suffix : `, ${citation.suffix}`
        if (narrative) input['suppress-author'] = true
        if (item.loc === undefined) return input
        const {locator, known} = parseLocator(item.loc)
        if (!known) {
          report(
            file,
            `The locator ${quoted(item.loc)} has no label CSL knows, so it is read as a page: start it with one such as \`p.\`, \`chap.\`, \`sec.\`, \`para.\`, \`fig.\` or \`n.\` (or \`S.\`, \`Kap.\`, \`Abs.\`)`,
            citation.position,
            'unknown-locator'
          )
        }
        return {...input, locator: locator.locator ?? item.loc, label: locator.label ?? 'page'}
      })
    })
  }
  const items = new Map([...data.sources].filter(([key, source]) => source.cited || uncited.includes(key)).map(([key, source]) => [key, source.item]))
  let result: ReturnType<typeof formatCitations>
  try {
    result = formatCitations(choice.style, choice.locale, items, inputs, uncited)
  } catch (error) {
    // A style that citeproc-js accepted but cannot apply to these entries: said, not a crash.
    report(
      file,
      `citeproc-js could not format this brief's citations in \`${choice.style.name}\` (${String((error as Error)?.message ?? error).split('\n')[0]}): check the style, or the entries it fails on, or use a shipped style`,
      data.meta.citations.style?.position ?? {line: 1, column: 1},
      'invalid-csl'
    )
    return
  }
  formatted.forEach((entry, index) => {
    entry.citation.rendered = {html: result.citations[index] ?? '', note: note ? index + 1 : undefined}
    if (entry.citation.narrative) entry.citation.rendered.lead = result.leads[index] || escapeHtml(authorsOf(entry.citation, data))
    if (entry.inHandout) {
      for (const item of entry.citation.items) data.sources.get(item.key)?.handoutCitations.push(entry.citation.occurrence)
    }
  })
  result.bibliography.forEach((entry, index) => {
    const source = data.sources.get(entry.id)
    if (source) source.number = index + 1
  })
  data.bibliography = {
    style: {name: choice.style.name, title: choice.style.title, class: choice.style.class, format: choice.style.format},
    locale: choice.locale,
    entries: result.bibliography.map((entry) => ({key: entry.id, html: entry.html})),
    leftMargin: result.leftMargin,
    notes: note ? formatted.map((entry, index) => ({number: index + 1, html: result.citations[index] ?? '', inHandout: entry.inHandout, occurrence: entry.citation.occurrence})) : []
  }
}
