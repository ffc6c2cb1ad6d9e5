/**
 * The handout's HTML: mdast → hast with our handlers → raw HTML parsed →
 * sanitized last → HTML. Nothing from the brief skips the sanitizer.
 */
import type {Root as HastRoot} from 'hast'
import type {Root, RootContent} from 'mdast'
import rehypeParse from 'rehype-parse'
import rehypeRaw from 'rehype-raw'
import rehypeSanitize from 'rehype-sanitize'
import rehypeStringify from 'rehype-stringify'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import type {VFile} from 'vfile'
import {SKIP, visit} from 'unist-util-visit'
import rehypeBreakableUrls from './breakable-urls.js'
import type {BriefData} from '../types.js'
import {annotationHandlers, handoutHandlers} from './handlers.js'
import {handoutSchema} from './schema.js'

/** Renders any part of one brief to sanitized HTML. */
export type HandoutRenderer = (nodes: RootContent[]) => Promise<string>

/** A renderer bound to one brief (its registries and heading levels). */
export interface HandoutRenderOptions {
  /** Sanitize the HTML (default: `true`). Only the security tests' control run turns it off. */
  sanitize?: boolean
  /**
   * Lay the body out as a handout page: slide separators dropped, headings under
   * the page title, Marp image keywords out of alt text (default: `true`).
   * `false` renders our annotations only, everything else as plain Markdown.
   */
  page?: boolean
}

export function createHandoutRenderer(tree: Root, data: BriefData, options: HandoutRenderOptions = {}): HandoutRenderer {
  const processor = unified()
    .use(remarkRehype, {
      allowDangerousHtml: true,
      handlers: options.page === false ? annotationHandlers(data) : handoutHandlers(data, {topHeadingDepth: topHeadingDepth(tree)})
    })
    .use(rehypeRawWhenNeeded)
    .use(options.sanitize === false ? [] : [[rehypeSanitize, handoutSchema]])
    .use(rehypeBreakableUrls)
    .use(rehypeStringify)
  return async (nodes) => {
    // Nothing on the way changes the tree it reads (test/handout-tree.test.ts): no copy of it is made.
    const root: Root = {type: 'root', children: nodes}
    const hast = (await processor.run(root)) as HastRoot
    const html = processor.stringify(hast)
    // Parse the result as a browser will and sanitize that: what the reader's browser
    // builds from our HTML is then exactly what was sanitized (no parser round-trip surprises).
    return options.sanitize === false ? html : String(await stabilizer.process(html))
  }
}

/**
 * rehype-raw, on a tree that holds raw HTML only: it runs the whole tree
 * through an HTML parser (some 2 ms a brief). Without raw HTML to parse that
 * only costs time, and drops a code block's leading blank line (CommonMark
 * example 127), which the page keeps without it. The stabilizer below parses
 * the result as a browser will and sanitizes that, either way.
 */
function rehypeRawWhenNeeded() {
  const parseRaw = rehypeRaw()
  return (tree: HastRoot, file: VFile) => (holdsRaw(tree) ? parseRaw(tree, file) : tree)
}

function holdsRaw(node: HastRoot | HastRoot['children'][number]): boolean {
  if (node.type === 'raw') return true
  return 'children' in node && node.children.some((child) => holdsRaw(child))
}

const stabilizer = unified().use(rehypeParse, {fragment: true}).use(rehypeSanitize, handoutSchema).use(rehypeStringify).freeze()

/** The sanitized HTML of the whole handout body. */
export async function renderHandoutBody(tree: Root, data: BriefData): Promise<string> {
  return createHandoutRenderer(tree, data)(tree.children)
}

/** The shallowest heading depth the handout shows. */
function topHeadingDepth(tree: Root): number {
  let depth = 6
  visit(tree, (node) => {
    if (node.type === 'speakerNotes' || (node.type === 'viewOnly' && node.view === 'slides')) return SKIP
    if (node.type === 'heading') depth = Math.min(depth, node.depth)
  })
  return depth
}
