/**
 * Writing our nodes back as the annotations they came from, so that
 * `remark().use(briefdeck).use(remarkStringify)` gives Markdown that parses to
 * the same tree (teams can format and lint briefs with remark-cli).
 */
import {looksLikeLocator} from '../bibliography/locators.js'
import type {Html, Image, Nodes, Parents, RootContent} from 'mdast'
import type {ContainerDirective, LeafDirective, TextDirective} from 'mdast-util-directive'
import {defaultHandlers, type Handle, type Options as ToMarkdownExtension} from 'mdast-util-to-markdown'
import type {AnnotationDefinition, AnnotationList, Citation, Figure, Quote, SpeakerNotes, ViewOnly} from '../types.js'

type Attributes = NonNullable<LeafDirective['attributes']>

function attributesOf(node: Nodes, fallback: Attributes = {}): Attributes {
  return node.data?.annotation?.attributes ?? fallback
}

/** The Markdown body of a container, without what the remark plugin added for HTML. */
function body(node: Parents): RootContent[] {
  return (node.children as RootContent[]).flatMap((child) =>
    child.data?.quoteBody ? (('children' in child ? child.children : []) as RootContent[]) : child.data?.quoteCaption || child.data?.internalLabel ? [] : [child]
  )
}

const container =
  (name: (node: never) => string): Handle =>
  (node: Parents, parent, state, info) => {
    const directive: ContainerDirective = {
      type: 'containerDirective',
      name: name(node as never),
      attributes: attributesOf(node),
      children: body(node) as ContainerDirective['children']
    }
    return state.handle(directive, parent, state, info)
  }

const leaf =
  (name: (node: never) => string, attributes: (node: never) => Attributes = () => ({})): Handle =>
  (node: Nodes, parent, state, info) => {
    const directive: LeafDirective = {type: 'leafDirective', name: name(node as never), attributes: attributesOf(node, attributes(node as never)), children: []}
    return state.handle(directive, parent, state, info)
  }

const citation: Handle = (node: Citation, parent, state, info) => {
  // Locators go after their keys (`a, p. 4; b`), except one that would read as a key: it stays `loc=`.
  const last = node.items.at(-1)
  const written = attributesOf(node)
  const keepAttribute = last?.loc !== undefined && (written.loc === last.loc || !looksLikeLocator(last.loc))
  const asAttribute = keepAttribute ? last?.loc : undefined
  const text = node.items
    .map((item) => (item.loc !== undefined && !(item === last && asAttribute !== undefined) ? `${item.key}, ${item.loc}` : item.key))
    .join(node.items.some((item) => item.loc !== undefined) ? '; ' : ', ')
  const {loc: _loc, ...others} = written
  const directive: TextDirective = {
    type: 'textDirective',
    name: 'cite',
    attributes: asAttribute === undefined ? others : {...others, loc: asAttribute},
    children: [{type: 'text', value: text}]
  }
  return state.handle(directive, parent, state, info)
}

/**
 * An image keeps its alt text as written: Marp keywords such as `right:40%`
 * would otherwise be escaped (`right\\:40%`) and stop working in Marp.
 */
const image: Handle = (node: Image, parent, state, info) => {
  const written = node.data?.sourceAlt
  const out = defaultHandlers.image({...node, alt: ''}, parent, state, info)
  return written === undefined || !out.startsWith('![]') ? defaultHandlers.image(node, parent, state, info) : `![${written}${out.slice(2)}`
}

/** The mdast-util-to-markdown extension for our node types. */
export function annotationsToMarkdown(): ToMarkdownExtension {
  return {
    handlers: {
      citation,
      quote: container(() => 'quote'),
      speakerNotes: container(() => 'notes'),
      viewOnly: container((node: ViewOnly) => node.view),
      internalBlock: container(() => 'internal'),
      figure: leaf(
        () => 'figure',
        (node: Figure) => ({src: node.src, alt: node.alt, caption: node.caption, credit: node.creditKey, layout: node.layout})
      ),
      annotationList: leaf((node: AnnotationList) => node.list),
      annotationDefinition: leaf((node: AnnotationDefinition) => node.kind, (node: AnnotationDefinition) => ({id: node.key})),
      // A style block removed from every output is still the author's text: written back as it was.
      html: (node: Html) => node.data?.original ?? node.value,
      image
    } as ToMarkdownExtension['handlers']
  }
}

export type {Quote, SpeakerNotes}
