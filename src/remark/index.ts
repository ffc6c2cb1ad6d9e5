/**
 * remark-briefdeck: briefdeck's annotations as a unified plugin for any remark
 * pipeline. It validates annotations (vfile messages with positions), numbers
 * citations, and gives quotes, citations with endnotes, figures and credits
 * their HTML through `data.hName` / `hProperties` / `hChildren`, which
 * remark-rehype uses without further setup.
 */
import type {Element, ElementContent} from 'hast'
import type {BlockContent, Blockquote, Nodes, Parents, Root, RootContent} from 'mdast'
import {toHast} from 'mdast-util-to-hast'
import type {Processor} from 'unified'
import type {VFile} from 'vfile'
import {annotationHandlers} from '../handout/handlers.js'
import {flag, validateOptions, type Check} from '../options.js'
import briefdeck, {type PresetOptions} from '../preset.js'
import type {Quote} from '../types.js'

/**
 * The shared options (see options.ts: `root`, `theme`, `rules`, `allowStyles`
 * …), the preset's own (`syntax`, `others`, `lists`), and the ids of the HTML.
 */
export interface Options extends PresetOptions {
  /**
   * Prefix of our element ids (`note-1`, `cite-ref-1`) and of the in-page links
   * to them (default: `'user-content-'`, as remark-rehype's footnotes). If the
   * pipeline sanitizes with rehype-sanitize's default schema, which prefixes ids
   * itself, set `''` for the ids with `linkPrefix: 'user-content-'`.
   */
  clobberPrefix?: string
  /** Prefix of in-page links to our ids (default: the `clobberPrefix`). */
  linkPrefix?: string
}

const text: Check = (value) => (typeof value === 'string' ? {value} : {expected: 'text'})

const EXTRA_OPTIONS: Record<string, Check> = {
  syntax: flag,
  lists: flag,
  files: flag,
  others: (value) => (value === 'report' || value === 'keep' ? {value} : {expected: "'report' or 'keep'"}),
  clobberPrefix: text,
  linkPrefix: text
}

/**
 * The unified plugin: briefdeck's preset (the same analysis as every other
 * front end), then HTML for our nodes through `data.h*` fields. Our nodes stay
 * in the tree, so remark-stringify writes them back as annotations.
 */
export default function remarkBriefdeck(this: Processor, options: Options = {}) {
  const settings = validateOptions<Options>(options, {where: 'briefdeck/remark', extra: EXTRA_OPTIONS})
  const analyze = briefdeck.call(this, settings) as (tree: Root, file: VFile) => void
  const idPrefix = settings.clobberPrefix ?? 'user-content-'
  const linkPrefix = settings.linkPrefix ?? idPrefix

  return function transform(tree: Root, file: VFile): void {
    analyze(tree, file)
    // A remark pipeline reports one file: problems in the brief's bibliography files join its messages,
    // each naming its own file (`message.file`) and place there.
    for (const related of file.data.related ?? []) {
      for (const message of related.messages) {
        message.file = related.path
        file.messages.push(message)
      }
    }
    const data = file.data.brief
    if (!data) return
    const handlers = annotationHandlers(data, {idPrefix, linkPrefix})
    giveHtml(tree, (node) => toHast(node as Nodes, {handlers}) as Element | undefined, data.words.text('internal'))
  }
}

/** Give our nodes the HTML remark-rehype renders through `data.h*` fields, in place. */
function giveHtml(parent: Parents, render: (node: RootContent) => Element | undefined, label: string): void {
  for (const node of parent.children as RootContent[]) {
    switch (node.type) {
      case 'annotationDefinition':
      case 'speakerNotes':
        // Nothing in the page: an empty, hidden element (remark-rehype renders every node).
        node.data = {...node.data, hName: 'div', hProperties: {hidden: true}, hChildren: []}
        break
      case 'internalBlock':
        if (node.children[0]?.data?.internalLabel) break
        giveHtml(node, render, label)
        // The visible marker, flagged so that remark-stringify leaves it out.
        node.children.unshift({type: 'paragraph', children: [{type: 'text', value: label}], data: {internalLabel: true, hProperties: {className: ['internal-label']}}})
        node.data = {...node.data, hName: 'div', hProperties: {className: ['internal']}}
        break
      case 'viewOnly':
        if (node.view === 'handout') {
          giveHtml(node, render, label)
          node.data = {...node.data, hName: 'div', hProperties: {className: ['handout']}}
        } else {
          node.data = {...node.data, hName: 'div', hProperties: {hidden: true}, hChildren: []}
        }
        break
      case 'quote':
        quote(node, render, label)
        break
      case 'citation':
      case 'figure':
      case 'annotationList': {
        const element = render(node)
        node.data = element
          ? {...node.data, hName: element.tagName, hProperties: element.properties, hChildren: element.children}
          : {...node.data, hName: 'span', hChildren: []}
        break
      }
      default:
        if ('children' in node) giveHtml(node, render, label)
    }
  }
}

/** A quote keeps its Markdown body (other plugins still see it) in a blockquote; its caption is ready-made HTML. */
function quote(node: Quote, render: (node: RootContent) => Element | undefined, label: string): void {
  if (node.children[0]?.data?.quoteBody) return
  giveHtml(node, render, label)
  const rendered = render({...node, children: []})
  const caption = rendered?.children.find((child): child is Element => child.type === 'element' && child.tagName === 'figcaption')
  const body: Blockquote = {type: 'blockquote', children: node.children, data: {quoteBody: true}}
  const children: BlockContent[] = [body]
  if (caption) {
    children.push({
      type: 'paragraph',
      children: [],
      data: {quoteCaption: true, hName: 'figcaption', hProperties: caption.properties, hChildren: caption.children as ElementContent[]}
    })
  }
  node.children = children
  node.data = {...node.data, hName: 'figure', hProperties: rendered?.properties ?? {className: ['quote']}}
}
