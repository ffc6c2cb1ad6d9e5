/**
 * The Markdown briefdeck reads: CommonMark with front matter, GFM, directives
 * (our annotations) and math (as Marp reads `$…$`), registered on a processor
 * for parsing and for writing Markdown back (remark-stringify).
 */
import remarkDirective from 'remark-directive'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkMath from 'remark-math'
import type {Processor} from 'unified'
import type {Options as ToMarkdownExtension} from 'mdast-util-to-markdown'
import {annotationsToMarkdown} from '../annotations/to-markdown.js'

export interface SyntaxOptions {
  /**
   * Register the directive syntax (default: `true`). Set `false` when the
   * processor already uses remark-directive.
   */
  directives?: boolean
}

/** Add the syntax extensions to `processor` (what remark-gfm and friends do in their attachers). */
export function registerSyntax(processor: Processor, options: SyntaxOptions = {}): void {
  remarkFrontmatter.call(processor, ['yaml'])
  remarkGfm.call(processor)
  if (options.directives !== false) remarkDirective.call(processor)
  remarkMath.call(processor)
  const data = processor.data() as {toMarkdownExtensions?: ToMarkdownExtension[]}
  ;(data.toMarkdownExtensions ??= []).push(annotationsToMarkdown())
}
