/**
 * remark-briefdeck: briefdeck's annotations as a unified plugin for any remark
 * pipeline. It validates annotations (vfile messages with positions), numbers
 * citations, and gives quotes, citations with endnotes, figures and credits
 * their HTML through `data.hName` / `hProperties` / `hChildren`, which
 * remark-rehype uses without further setup.
 */
import type {Element, ElementContent} from 'hast'
import type {Nodes, Parents, Root, RootContent} from 'mdast'
import {directiveFromMarkdown} from 'mdast-util-directive'
import {toHast} from 'mdast-util-to-hast'
import {directive} from 'micromark-extension-directive'
import type {Processor} from 'unified'
import type {VFile} from 'vfile'
import {lowerAnnotations} from '../annotations/index.js'
import {defaultMeta} from '../parse/frontmatter.js'
import {annotationHandlers} from '../handout/handlers.js'
import {resolveCitations} from '../resolve/citations.js'
import {resolveImages} from '../resolve/images.js'
import {placeLists} from '../resolve/lists.js'
import type {BriefData, Quote} from '../types.js'

export interface Options {
  /**
   * Register the directive syntax (default: `true`). Set `false` when the
   * pipeline already uses remark-directive.
   */
  syntax?: boolean
  /**
   * What to do with `::name` / `:::name` directives that are not briefdeck
   * annotations: `'report'` them as errors, or `'keep'` them for other
   * plugins, such as admonitions (default: `'report'`).
   */
  others?: 'report' | 'keep'
  /** Add the lists of sources and image credits at the end when `::sources` / `::credits` are absent (default: `true`). */
  lists?: boolean
  /**
   * Check that local images exist inside this folder (default: `undefined`:
   * local images are not looked up; URL schemes are still checked).
   */
  root?: string
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

/** The unified plugin. */
export default function remarkBriefdeck(this: Processor, options: Options = {}) {
  if (options.syntax !== false) {
    const data = this.data()
    ;(data.micromarkExtensions ??= []).push(directive())
    ;(data.fromMarkdownExtensions ??= []).push(directiveFromMarkdown())
  }
  const idPrefix = options.clobberPrefix ?? 'user-content-'
  const linkPrefix = options.linkPrefix ?? idPrefix

  return function transform(tree: Root, file: VFile): void {
    const data: BriefData = {
      meta: {...defaultMeta(), titleSlide: false},
      sources: new Map(),
      credits: new Map(),
      assets: []
    }
    lowerAnnotations(tree, file, data, {keepUnknown: options.others === 'keep'})
    resolveCitations(tree, file, data)
    resolveImages(tree, file, data, {root: options.root, files: options.root !== undefined})
    if (options.lists !== false) placeLists(tree, data)
    const handlers = annotationHandlers(data, {idPrefix, linkPrefix})
    giveHtml(tree, (node) => toHast(node as Nodes, {handlers}) as Element | undefined)
  }
}

/** Replace our nodes with ones remark-rehype renders through `data.h*` fields. */
function giveHtml(parent: Parents, render: (node: RootContent) => Element | undefined): void {
  const children: RootContent[] = []
  for (const node of parent.children as RootContent[]) {
    switch (node.type) {
      case 'annotationDefinition':
      case 'speakerNotes':
        break
      case 'viewOnly':
        if (node.view === 'handout') {
          giveHtml(node, render)
          children.push(...(node.children as RootContent[]))
        }
        break
      case 'quote':
        children.push(quote(node, render))
        break
      case 'citation':
      case 'figure':
      case 'annotationList': {
        const element = render(node)
        if (element) node.data = {...node.data, hName: element.tagName, hProperties: element.properties, hChildren: element.children}
        children.push(node)
        break
      }
      default:
        if ('children' in node) giveHtml(node, render)
        children.push(node)
    }
  }
  parent.children = children as Parents['children']
}

/** A quote keeps its Markdown body (other plugins still see it); its caption is ready-made HTML. */
function quote(node: Quote, render: (node: RootContent) => Element | undefined): RootContent {
  giveHtml(node, render)
  const rendered = render({...node, children: []})
  const caption = rendered?.children.find((child): child is Element => child.type === 'element' && child.tagName === 'figcaption')
  const body: RootContent = {type: 'blockquote', children: node.children, position: node.position}
  const children: RootContent[] = [body]
  if (caption) {
    children.push({
      type: 'paragraph',
      children: [],
      data: {hName: 'figcaption', hProperties: caption.properties, hChildren: caption.children as ElementContent[]}
    })
  }
  node.children = children as Quote['children']
  node.data = {...node.data, hName: 'figure', hProperties: rendered?.properties ?? {className: ['quote']}}
  return node
}
