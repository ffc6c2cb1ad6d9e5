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
  const containers: Array<{node: ContainerDirective; parent: ContainerDirective | undefined}> = []
  visit(tree, (node, index, parent) => {
    if (node.type === 'containerDirective') containers.push({node, parent: parent?.type === 'containerDirective' ? parent : undefined})
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
  checkClosed(file, source, containers)
}

/** Whether a container ends with a fence of its own. */
function hasOwnFence(source: string, node: ContainerDirective): boolean {
  const start = node.position?.start.offset ?? 0
  const end = node.position?.end.offset ?? 0
  const lines = source.slice(start, end).replace(/\s+$/, '').split('\n')
  return lines.length > 1 && /^:{3,}$/.test(lines[lines.length - 1].trim())
}

/**
 * Containers without a fence of their own. Nested containers with as many
 * colons as their parent are closed by the parent's fence; then either the
 * author meant to nest them (a stray fence follows: give the parent more
 * colons), or the parent lost its own fence and took the next one (report the
 * parent, at its line).
 */
function checkClosed(file: VFile, source: string, containers: Array<{node: ContainerDirective; parent: ContainerDirective | undefined}>): void {
  const ends = new Set(containers.map(({node}) => node.position?.end.line))
  const strayFences = source
    .split('\n')
    .flatMap((line, index) => (/^[ \t]*:{3,}[ \t]*$/.test(line) && !ends.has(index + 1) ? [index + 1] : []))
  const reported = new Set<ContainerDirective>()
  for (const {node, parent} of containers) {
    const start = node.position?.start.offset
    const end = node.position?.end.offset
    if (start === undefined || end === undefined || hasOwnFence(source, node) || reported.has(node)) continue
    const colons = /^:+/.exec(source.slice(start).trimStart())?.[0].length ?? 3
    if (source.slice(end).trim() === '') {
      report(file, `\`:::${node.name}\` is never closed, so it swallows the rest of the file: add a line \`${':'.repeat(colons)}\` after its content`, node.position?.start, 'unclosed-container')
      continue
    }
    const parentEnd = parent?.position?.end.line ?? 0
    if (parent && !strayFences.some((line) => line > parentEnd) && !reported.has(parent)) {
      reported.add(parent)
      report(
        file,
        `\`:::${parent.name}\` has no closing fence of its own, so the \`:::\` on line ${parentEnd} (meant for \`:::${node.name}\` on line ${node.position?.start.line}) closes it: add a line \`:::\` where \`:::${parent.name}\` should end, before line ${node.position?.start.line}`,
        parent.position?.start,
        'unclosed-container'
      )
      continue
    }
    if (reported.has(parent as ContainerDirective)) continue
    report(
      file,
      `\`:::${node.name}\` is closed by the fence of the annotation around it: give the outer annotation more colons (e.g. \`::::handout\` … \`::::\`) and close \`:::${node.name}\` with its own \`:::\``,
      node.position?.start,
      'unclosed-container'
    )
  }
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
