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

/** The sanitized HTML of the handout's body. */
export async function renderHandoutBody(tree: Root, data: BriefData): Promise<string> {
  const processor = unified()
    .use(remarkRehype, {allowDangerousHtml: true, handlers: handoutHandlers(data)})
    .use(rehypeRaw)
    .use(rehypeSanitize, handoutSchema)
    .use(rehypeStringify)
  const hast = (await processor.run(structuredClone(tree))) as HastRoot
  return processor.stringify(hast)
}
