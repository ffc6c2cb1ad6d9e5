/**
 * Math in a brief is rendered by Marp's math engine (MathJax), which honours
 * macros that make links (`\href{javascript:…}`), set CSS (`\style`, which can
 * load a URL), load extensions or define new macros that could hide any of
 * these. Such macros are errors at their place; the rest of TeX is fine.
 */
import type {Root} from 'mdast'
import type {InlineMath, Math} from 'mdast-util-math'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {positionAt, report} from '../messages.js'

/** Macros that link, style, load or define, by name (without the backslash). */
export const UNSAFE_MACROS: ReadonlySet<string> = new Set([
  'href', 'url', 'style', 'class', 'cssId', 'attr', 'data', 'html', 'require', 'unicode', 'mmlToken',
  'def', 'gdef', 'edef', 'xdef', 'let', 'futurelet', 'newcommand', 'renewcommand', 'providecommand',
  'newenvironment', 'renewenvironment', 'DeclareMathOperator', 'Newextarrow', 'setOptions',
  'toggle', 'mathtip', 'texttip', 'fragment'
])

const MACRO = /\\([A-Za-z]+)/g

export function checkMath(tree: Root, file: VFile): void {
  visit(tree, (node) => {
    if (node.type !== 'inlineMath' && node.type !== 'math') return
    const math = node as InlineMath | Math
    for (const match of math.value.matchAll(MACRO)) {
      if (!UNSAFE_MACROS.has(match[1])) continue
      report(
        file,
        `\`\\${match[1]}\` is not allowed in math: it can make a link, set styles, load something or define macros that do. Remove it; for a link, put a Markdown link next to the formula`,
        place(file, math, match.index ?? 0, match[0].length),
        'unsafe-math'
      )
      math.value = ''
      return
    }
    // A URL in CSS (`\bbox[background:url(…)]`) would be fetched.
    const url = /url\s*\(/i.exec(math.value)
    if (url) {
      report(file, 'Math may not contain `url(`, which would load something from outside the page: remove it', place(file, math, url.index, url[0].length), 'unsafe-math')
      math.value = ''
    }
  })
}

/** The place of a piece of a formula in the source, found by searching the node's source text. */
function place(file: VFile, node: InlineMath | Math, index: number, length: number) {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  if (start === undefined || end === undefined) return node.position
  const text = String(file.value).slice(start, end)
  const piece = node.value.slice(index, index + length)
  const at = text.indexOf(piece)
  return at === -1 ? node.position : (positionAt(file, start + at, start + at + length) ?? node.position)
}
