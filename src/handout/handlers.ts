/**
 * remark-rehype handlers for our nodes: how each annotation reads in the handout.
 */
import type {Element, ElementContent} from 'hast'
import type {Heading, Image, Nodes, Paragraph, Parents} from 'mdast'
import type {Handler, Handlers, State} from 'mdast-util-to-hast'
import {h} from 'hastscript'
import {creditAttribution, sourceReference, type Segment} from '../resolve/attribution.js'
import type {AnnotationList, BriefData, Citation, Figure, InternalBlock, Quote} from '../types.js'
import {ID_PREFIX} from './schema.js'
import {cslHast} from '../resolve/csl-html.js'
import {houseParts, houseSeparator} from '../resolve/house-citation.js'
import {authorsOf} from '../resolve/citations.js'
import type {StyledBibliography} from '../types.js'
import {altWithoutMarpKeywords} from '../resolve/marp-alt.js'
import type {Localizer} from '../i18n/localize.js'

export const noteId = (number: number) => `note-${number}`
export const citationId = (occurrence: number) => `cite-ref-${occurrence}`

export interface AnnotationHandlerOptions {
  /** Prefix written before our ids (default: `bd-`). */
  idPrefix?: string
  /** Prefix of our ids as they end up in the page, for in-page links (default: the `idPrefix`). */
  linkPrefix?: string
}

function segments(list: Segment[]): ElementContent[] {
  return list.map((segment) => {
    const node: ElementContent = segment.href ? h('a', {href: segment.href}, segment.text) : {type: 'text', value: segment.text}
    // A name or title from the brief reads in its own direction (an English title in an Arabic note).
    return segment.isolate ? h('bdi', [node]) : node
  })
}

/**
 * A link back to a citation: the arrow is seen, the words are read. Its name is
 * its content (no `aria-label`), so it always contains what is seen: `↩b` is
 * "Back to citation b", in the brief's language.
 */
function backlink(href: string, words: Localizer, message: {key: 'backToNote'; number: number} | {key: 'backToCitation'; count: number; letter: string}): Element {
  const letter = message.key === 'backToCitation' && message.count > 1 ? message.letter : undefined
  const values: Record<string, string | number> = message.key === 'backToNote' ? {number: words.number(message.number)} : {count: message.count, letter: '\u0000'}
  const said = words.text(message.key, values)
  const children: ElementContent[] = [h('span', {ariaHidden: 'true'}, '↩')]
  for (const [index, piece] of said.split('\u0000').entries()) {
    if (index > 0 && letter) children.push({type: 'text', value: letter})
    if (piece) children.push(h('span', {className: ['visually-hidden']}, piece))
  }
  return h('a', {href, role: 'doc-backlink', className: ['backlink']}, children)
}


function citation(node: Citation, data: BriefData, ids: Ids): Element | undefined {
  const mark = citationMark(node, data, ids)
  if (!mark || !node.narrative) return mark
  // A narrative citation: the author as part of the sentence, then the citation ("Stroul (2024)").
  const lead: ElementContent[] = node.rendered?.lead ? cslHast(node.rendered.lead) : [{type: 'text', value: authorsOf(node, data)}]
  return h('span', {className: ['narrative']}, [...lead, {type: 'text', value: ' '}, mark])
}

function citationMark(node: Citation, data: BriefData, ids: Ids): Element | undefined {
  const id = ids.id(citationId(node.occurrence))
  if (node.rendered?.note !== undefined) {
    const number = node.rendered.note
    return h('sup', {className: ['citation']}, [h('a', {href: ids.link(noteId(number)), role: 'doc-noteref', id}, String(number))])
  }
  if (node.rendered) return h('span', {className: ['citation'], id}, cslHast(node.rendered.html))
  const parts = houseParts(node, data)
  if (parts.length === 0) return undefined
  const children: ElementContent[] = []
  const link = (number: number, first: boolean) => {
    const properties: Record<string, string> = {href: ids.link(noteId(number)), role: 'doc-noteref'}
    if (first) properties.id = id
    return h('a', properties, String(number))
  }
  if (node.prefix) children.push({type: 'text', value: `${node.prefix} `})
  parts.forEach((part, index) => {
    if (index > 0) children.push({type: 'text', value: houseSeparator(parts)})
    children.push(link(part.numbers[0], index === 0))
    if (part.numbers.length === 2) children.push({type: 'text', value: '–'}, link(part.numbers[1], false))
    if (part.loc) children.push(h('span', {className: ['loc']}, `, ${part.loc}`))
  })
  if (node.suffix) children.push({type: 'text', value: /^[,;.:]/.test(node.suffix) ? node.suffix : `, ${node.suffix}`})
  return h('sup', {className: ['citation']}, children)
}

/** A CSL style's lists: the notes (note styles), then the bibliography or reference list. */
function styledLists(bibliography: StyledBibliography, words: Localizer, ids: Ids): Element[] {
  const sections: Element[] = []
  const notes = bibliography.notes.filter((note) => note.inHandout)
  if (notes.length > 0) {
    const items = notes.map((note) =>
      h('li', {id: ids.id(noteId(note.number)), value: note.number}, [
        ...cslHast(note.html),
        {type: 'text', value: ' '},
        backlink(ids.link(citationId(note.occurrence)), words, {key: 'backToNote', number: note.number})
      ])
    )
    sections.push(
      h('section', {className: ['endnotes'], ariaLabelledBy: ids.id('notes-heading')}, [h('h2', {id: ids.id('notes-heading')}, words.text('notes')), h('ol', {className: ['notes']}, items)])
    )
  }
  if (bibliography.entries.length > 0) {
    const title = words.text(bibliography.style.class === 'note' ? 'bibliography' : 'references')
    const items = bibliography.entries.map((entry, index) => h('li', {id: ids.id(`ref-${index + 1}`)}, cslHast(entry.html)))
    sections.push(
      h('section', {className: ['references'], ariaLabelledBy: ids.id('references-heading')}, [
        h('h2', {id: ids.id('references-heading')}, title),
        h('ul', {className: bibliography.leftMargin ? ['references', 'labelled'] : ['references']}, items)
      ])
    )
  }
  return sections
}

interface Ids {
  id(value: string): string
  link(value: string): string
}

/**
 * remark-rehype handlers for our annotation nodes, bound to one brief's
 * registries: citations, quotes, figures, lists, and what renders nothing.
 */
export function annotationHandlers(data: BriefData, options: AnnotationHandlerOptions = {}): Handlers {
  const idPrefix = options.idPrefix ?? ID_PREFIX
  const linkPrefix = options.linkPrefix ?? idPrefix
  const ids: Ids = {id: (value) => idPrefix + value, link: (value) => `#${linkPrefix}${value}`}
  const quote: Handler = (state: State, node: Quote) => {
    const source = node.sourceKey ? data.sources.get(node.sourceKey) : undefined
    const caption: ElementContent[] = []
    const who = [node.by, node.role].filter(Boolean).join(data.words.text('comma'))
    if (who) caption.push(h('span', {className: ['attribution']}, `— ${who}`))
    if (source) {
      if (who) caption.push({type: 'text', value: data.words.text('comma')})
      caption.push(h('cite', {dir: 'auto'}, source.title))
    }
    const cited = node.citation ? citation(node.citation, data, ids) : undefined
    if (cited) caption.push({type: 'text', value: ' '}, cited)
    const children: ElementContent[] = [h('blockquote', state.wrap(state.all(node as unknown as Parents), true))]
    if (caption.length > 0) children.push(h('figcaption', caption))
    return h('figure', {className: ['quote']}, children)
  }

  const figure: Handler = (_state: State, node: Figure) => {
    const credit = node.creditKey ? data.credits.get(node.creditKey) : undefined
    const caption: ElementContent[] = []
    if (node.caption) caption.push(h('span', {className: ['caption']}, node.caption))
    if (credit) {
      if (caption.length > 0) caption.push({type: 'text', value: ' '})
      caption.push(h('span', {className: ['credit']}, segments(creditAttribution(credit, data.words))))
    }
    // No address when the brief's was refused: the figure shows its description instead, never the refused address.
    const children: ElementContent[] = [node.href ? h('img', {src: node.href, alt: node.alt}) : h('span', {className: ['missing-image']}, `[${node.alt || data.words.text('missingImage')}]`)]
    if (caption.length > 0) children.push(h('figcaption', caption))
    return h('figure', {className: ['figure']}, children)
  }

  const list: Handler = (_state: State, node: AnnotationList) => {
    if (node.list === 'sources' && data.bibliography) return styledLists(data.bibliography, data.words, ids)
    if (node.list === 'sources') {
      const sources = [...data.sources.values()].sort((a, b) => a.number - b.number)
      const items = sources.map((source) => {
        const children: ElementContent[] = segments(sourceReference(source, data.words))
        if (source.url) children.push({type: 'text', value: ' '}, h('a', {href: source.url, className: ['url']}, source.url))
        source.handoutCitations.forEach((occurrence, index) => {
          const count = source.handoutCitations.length
          children.push({type: 'text', value: ' '}, backlink(ids.link(citationId(occurrence)), data.words, {key: 'backToCitation', count, letter: String.fromCharCode(97 + (index % 26))}))
        })
        return h('li', {id: ids.id(noteId(source.number)), value: source.number}, children)
      })
      return h('section', {className: ['endnotes'], ariaLabelledBy: ids.id('notes-heading')}, [
        h('h2', {id: ids.id('notes-heading')}, data.words.text('notes')),
        h('ol', {className: ['notes']}, items)
      ])
    }
    const items = [...data.credits.values()].map((credit) => h('li', segments(creditAttribution(credit, data.words))))
    return h('section', {className: ['credits'], ariaLabelledBy: ids.id('credits-heading')}, [
      h('h2', {id: ids.id('credits-heading')}, data.words.text('imageCredits')),
      h('ul', items)
    ])
  }

  return {
    citation: (_state: State, node: Citation) => citation(node, data, ids),
    quote,
    figure,
    annotationList: list,
    annotationDefinition: () => undefined,
    speakerNotes: () => undefined,
    internalBlock: (state: State, node: InternalBlock) =>
      h('div', {className: ['internal']}, [h('p', {className: ['internal-label']}, data.words.text('internal')), ...state.all(node as unknown as Parents)]),
    viewOnly: (state: State, node: {view: string}) =>
      node.view === 'handout' ? state.all(node as unknown as Parents) : undefined
  } as unknown as Handlers
}

export interface HandoutHandlerOptions {
  /** Depth of the body's top headings; they become `h2` under the page's `h1` (default: 1). */
  topHeadingDepth?: number
}

/** The handout page's handlers: our annotations, plus slide separators dropped, headings under the title, real alt text. */
export function handoutHandlers(data: BriefData, options: HandoutHandlerOptions = {}): Handlers {
  const shift = 2 - (options.topHeadingDepth ?? 1)
  let previousLevel = 1
  return {
    ...annotationHandlers(data),
    // Slide separators are not part of the article.
    thematicBreak: () => undefined,
    // The page has the brief's title as its only h1; the body's top headings become h2, and no level is skipped.
    heading: (state: State, node: Heading) => {
      const level = Math.min(Math.max(node.depth + shift, 2), previousLevel + 1, 6)
      previousLevel = level
      return h(`h${level}`, state.all(node))
    },
    // An image alone in its paragraph (Marp's `![bg](…)`, say) is a figure of the article.
    paragraph: (state: State, node: Paragraph) => {
      const content = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''))
      const children = state.all(node)
      if (content.length === 1 && content[0].type === 'image') return h('figure', {className: ['figure']}, children)
      return h('p', children)
    },
    image: (_state: State, node: Image) =>
      h('img', {
        src: node.data?.href ?? node.url,
        alt: altWithoutMarpKeywords(node.data?.sourceAlt ?? node.alt ?? ''),
        title: node.title ?? undefined
      })
  } as unknown as Handlers
}

export type {Nodes}
