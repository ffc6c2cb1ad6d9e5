/**
 * The handout body: mdast → hast with our handlers → raw HTML parsed →
 * sanitized last → HTML. Nothing from the brief skips the sanitizer.
 */
import type {Root as HastRoot} from 'hast'
import type {Root} from 'mdast'
import rehypeRaw from 'rehype-raw'
import rehypeSanitize from 'rehype-sanitize'
import rehypeStringify from 'rehype-stringify'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import type {BriefData} from '../types.js'
import {handoutHandlers} from './handlers.js'
import {handoutSchema} from './schema.js'
import {visit, SKIP} from 'unist-util-visit'

/** The shallowest heading depth the handout shows. */
function topHeadingDepth(tree: Root): number {
  let depth = 6
  visit(tree, (node) => {
    if (node.type === 'speakerNotes' || (node.type === 'viewOnly' && node.view === 'slides')) return SKIP
    if (node.type === 'heading') depth = Math.min(depth, node.depth)
  })
  return depth
}

/** The sanitized HTML of the handout's body. */
export async function renderHandoutBody(tree: Root, data: BriefData): Promise<string> {
  const processor = unified()
    .use(remarkRehype, {allowDangerousHtml: true, handlers: handoutHandlers(data, {topHeadingDepth: topHeadingDepth(tree)})})
    .use(rehypeRaw)
    .use(rehypeSanitize, handoutSchema)
    .use(rehypeStringify)
  const hast = (await processor.run(structuredClone(tree))) as HastRoot
  return processor.stringify(hast)
}
