/**
 * remark-directive is silent about broken annotation syntax. Find it:
 * containers that are never closed (or closed by their parent's fence),
 * stray closing fences, and attribute blocks that fell back to plain text.
 */
import type {Root, Text} from 'mdast'
import type {ContainerDirective} from 'mdast-util-directive'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {report, positionAt} from '../messages.js'

export interface SyntaxOptions {
  /** Names of all annotations, to recognise a broken one in plain text. */
  names: ReadonlySet<string>
}

/** Report broken annotation syntax on `file`. */
export function checkAnnotationSyntax(tree: Root, file: VFile, options: SyntaxOptions): void {
  const source = String(file.value)
  visit(tree, (node, index, parent) => {
    if (node.type === 'containerDirective') checkClosed(file, source, node)
    if (node.type === 'text') checkText(file, source, node, options)
    // `:cite[a]{loc="p. 4}`: the label parses, the broken block stays behind as text.
    if (node.type === 'textDirective' && options.names.has(node.name) && parent && index !== undefined) {
      const next = parent.children[index + 1]
      const end = node.position?.end.offset
      if (next?.type === 'text' && next.value.startsWith('{') && end !== undefined && next.position?.start.offset === end) {
        report(
          file,
          `Malformed attributes on \`:${node.name}\`, so they were read as plain text: check that every quote is closed and the block ends with \`}\`, e.g. \`:${node.name}[key]{loc="p. 4"}\``,
          next.position?.start,
          'malformed-attributes'
        )
      }
    }
  })
}

function checkClosed(file: VFile, source: string, node: ContainerDirective): void {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  if (start === undefined || end === undefined) return
  const lines = source.slice(start, end).replace(/\s+$/, '').split('\n')
  const last = lines[lines.length - 1].trim()
  if (lines.length > 1 && /^:{3,}$/.test(last)) return
  const opening = source.slice(start, source.indexOf('\n', start) === -1 ? end : source.indexOf('\n', start))
  const colons = /^:+/.exec(opening.trim())?.[0].length ?? 3
  const atEnd = source.slice(end).trim() === ''
  const reason = atEnd
    ? `\`:::${node.name}\` is never closed, so it swallows the rest of the file: add a line \`${':'.repeat(colons)}\` after its content`
    : `\`:::${node.name}\` is closed by the fence of the annotation around it: give the outer annotation more colons (e.g. \`::::handout\` … \`::::\`) and close \`:::${node.name}\` with its own \`:::\``
  report(file, reason, node.position?.start, 'unclosed-container')
}

function checkText(file: VFile, source: string, node: Text, options: SyntaxOptions): void {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  if (start === undefined || end === undefined) return
  // Offsets inside the value match the source only when nothing was unescaped.
  const exact = source.slice(start, end) === node.value
  const place = (index: number, length: number) =>
    (exact ? positionAt(file, start + index, start + index + length) : undefined) ?? node.position
  const value = node.value
  const fence = /(^|\n)[ \t]*(:{3,})[ \t]*(?=\n|$)/g
  for (let match = fence.exec(value); match; match = fence.exec(value)) {
    const index = match.index + match[1].length + match[0].slice(match[1].length).indexOf(':')
    report(
      file,
      `Stray \`${match[2]}\` closes nothing: delete it, or if an annotation is nested in another, give the outer one more colons (e.g. \`::::handout\` … \`::::\`)`,
      place(index, match[2].length),
      'stray-fence'
    )
  }
  const broken = /(^|[^\w:\\]):{1,3}([A-Za-z][\w-]*)(\[[^\]\n]*\])?\{/g
  for (let match = broken.exec(value); match; match = broken.exec(value)) {
    const index = match.index + match[1].length
    const colons = /^:+/.exec(value.slice(index))?.[0].length ?? 1
    if (colons === 1 && !options.names.has(match[2])) continue
    report(
      file,
      `Malformed attributes on \`${':'.repeat(colons)}${match[2]}\`, so it was read as plain text: check that every quote is closed and the block ends with \`}\`, e.g. \`{src="image.png" alt="…"}\``,
      place(index, match[0].length - match[1].length),
      'malformed-attributes'
    )
  }
}

export type {ContainerDirective}
