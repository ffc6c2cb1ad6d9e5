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
  'toggle', 'mathtip', 'texttip', 'fragment', 'enclose', 'definecolor', 'tag'
])

/** Macros whose arguments MathJax writes into a `style` or colour attribute: plain colours and sizes only. */
const STYLED = /\\(bbox)\s*\[([^\]]*)\]|\\(color|colorbox|fcolorbox|textcolor|mathcolor|mathbackground)\s*((?:\{[^{}]*\}\s*){1,2})/g
const PLAIN_STYLE = /^[\w#%.,:;\s-]*$/

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
    // MathJax writes some arguments into attributes as they are: a quote would end the attribute.
    const quote = math.value.indexOf('"')
    if (quote !== -1) {
      report(file, 'Math may not contain `"`, which TeX does not need and which could end an attribute of the formula’s HTML: remove it, or use `\\text{“…”}` for quoted words', place(file, math, quote, 1), 'unsafe-math')
      math.value = ''
      return
    }
    for (const match of math.value.matchAll(STYLED)) {
      const argument = match[2] ?? match[4] ?? ''
      const inner = argument.replace(/[{}]/g, ' ')
      if (PLAIN_STYLE.test(inner) && !/url|image|expression|@/i.test(inner)) continue
      report(
        file,
        `\`\\${match[1] ?? match[3]}\` may set only plain colours and sizes (\`red\`, \`#0b2545\`, \`5px\`, \`border: 1px solid red\`): remove the rest`,
        place(file, math, match.index ?? 0, match[0].length),
        'unsafe-math'
      )
      math.value = ''
      return
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
