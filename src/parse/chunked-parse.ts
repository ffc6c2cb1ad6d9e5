/**
 * Parse a text again only where it changed: `serve` parses a brief at every
 * save, and a save changes a slide or two. The text is cut into chunks at
 * ATX headings (`## A slide`) that follow a blank line, outside the front
 * matter; each chunk is parsed on its own and its tree kept by its text, so a
 * chunk met before costs a copy of its tree.
 *
 * A chunk parsed on its own gives the nodes the whole text would, positions
 * moved, when nothing crosses the cut. After a blank line, a heading at the
 * start of a line closes every block but those that run to their closing
 * mark (fenced code, math, HTML comments and the like, container
 * annotations, front matter); such a block left open runs to the chunk's end,
 * and the chunk is then parsed with the ones after it. Link reference definitions and
 * footnote definitions reach across the whole text: a text with one is parsed
 * whole. test/chunked-parse.test.ts holds this against the whole-text parse on
 * the CommonMark examples joined at headings, and on briefs edited at random.
 */
import type {Root, RootContent} from 'mdast'
import type {Point, Position} from 'unist'

export interface ChunkedParserOptions {
  /** Parse a text (a whole text, or a chunk as if it were one). */
  parse: (text: string) => Root
  /** Most characters of chunk text whose trees are kept, the least recently used going first (default: 1,000,000, some 11 MB of trees). */
  maxChars?: number
}

/** A chunk's tree, positions as if the chunk were the whole text; `toEnd` when a block runs to the chunk's end (left open, unless the chunk is the text's last). */
interface Parsed {
  tree: Root
  toEnd: boolean
}

/** A slice of the text: where it starts (offset, 1-based line) and its text. */
interface Chunk {
  offset: number
  line: number
  text: string
}

/** Node types whose meaning reaches other chunks. */
const WHOLE_TEXT = new Set(['definition', 'footnoteDefinition'])

const LINE = /\r\n|\r|\n/g
const BLANK = /^[ \t]*$/
const HEADING = /^#{1,6}(?:[ \t]|$)/
const FRONTMATTER_OPEN = /^---[ \t]*(?:\r\n|\r|\n)/
const FRONTMATTER_CLOSE = /(?:\r\n|\r|\n)---[ \t]*(?:\r\n|\r|\n|$)/
/** The length of a text without its last line ending and the blank lines after it (a scan back: a regular expression would backtrack over every run of blank lines). */
function withoutTrailingBlankLines(text: string): number {
  let end = text.length
  while (end > 0 && ' \t\r\n'.includes(text[end - 1])) end--
  return end
}

/** A parser that keeps the trees of the chunks it parsed (see the module's comment). */
export function createChunkedParser(options: ChunkedParserOptions): (text: string) => Root {
  const maxChars = options.maxChars ?? 1_000_000
  const kept = new Map<string, Parsed>()
  let keptChars = 0

  const parseChunk = (text: string): Parsed => {
    const found = kept.get(text)
    if (found) {
      // Most recently used last.
      kept.delete(text)
      kept.set(text, found)
      return found
    }
    const tree = options.parse(text)
    const end = tree.children.at(-1)?.position?.end.offset
    // A chunk before another ends in a blank line: a block closed before it ends before it.
    const parsed = {tree, toEnd: end === undefined || end > withoutTrailingBlankLines(text)}
    kept.set(text, parsed)
    keptChars += text.length
    for (const [key] of kept) {
      if (keptChars <= maxChars) break
      kept.delete(key)
      keptChars -= key.length
    }
    return parsed
  }

  return (text) => {
    const chunks = splitChunks(text)
    if (!chunks || chunks.length === 1) return options.parse(text)
    const children: RootContent[] = []
    const whole = {found: false}
    let end: Point = {line: 1, column: 1, offset: 0}
    for (let index = 0; index < chunks.length; index++) {
      let chunk = chunks[index]
      let parsed = parseChunk(chunk.text)
      // A block left open runs on into the next chunks: parse them with it, one more, then two, four and so on
      // (a fence never closed costs some two parses of the rest of the text, not one per chunk).
      for (let more = 1; parsed.toEnd && index < chunks.length - 1; more *= 2) {
        const last = Math.min(chunks.length - 1, index + more)
        chunk = {...chunk, text: chunk.text + chunks.slice(index + 1, last + 1).map((each) => each.text).join('')}
        index = last
        parsed = parseChunk(chunk.text)
      }
      if (chunk.offset === 0 && FRONTMATTER_OPEN.test(text) && parsed.tree.children[0]?.type !== 'yaml') return options.parse(text)
      const lines = chunk.line - 1
      for (const node of parsed.tree.children) children.push(moved(node, lines, chunk.offset, whole))
      const last = parsed.tree.position?.end
      if (last) end = movedPoint(last, lines, chunk.offset)
      if (whole.found) return options.parse(text)
    }
    return {type: 'root', children, position: {start: {line: 1, column: 1, offset: 0}, end}}
  }
}

/** The chunks of a text, or nothing when it is parsed whole (a byte order mark moves micromark's offsets). */
export function splitChunks(text: string): Chunk[] | undefined {
  if (text.charCodeAt(0) === 0xfe_ff) return undefined
  // No cut inside the front matter: a YAML comment looks like a heading.
  let from = 0
  if (FRONTMATTER_OPEN.test(text)) {
    const close = FRONTMATTER_CLOSE.exec(text.slice(3))
    from = close ? 3 + close.index + close[0].length : text.length
  }
  const chunks: Chunk[] = []
  let chunk: Chunk = {offset: 0, line: 1, text: ''}
  let lineStart = 0
  let line = 1
  let afterBlank = false
  LINE.lastIndex = 0
  for (;;) {
    const ending = LINE.exec(text)
    const content = text.slice(lineStart, ending ? ending.index : text.length)
    if (afterBlank && lineStart >= from && HEADING.test(content)) {
      chunks.push({...chunk, text: text.slice(chunk.offset, lineStart)})
      chunk = {offset: lineStart, line, text: ''}
    }
    afterBlank = BLANK.test(content)
    if (!ending) break
    lineStart = ending.index + ending[0].length
    line++
  }
  chunks.push({...chunk, text: text.slice(chunk.offset)})
  return chunks
}

/** A copy of `node` with its positions `lines` and `offset` further on; `whole.found` when it holds a node that reaches other chunks. */
function moved<T>(node: T, lines: number, offset: number, whole: {found: boolean}): T {
  if (Array.isArray(node)) return node.map((each: unknown) => moved(each, lines, offset, whole)) as T
  if (node === null || typeof node !== 'object') return node
  const copy: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) {
    if (key === 'position' && value) {
      const position = value as Position
      copy[key] = {start: movedPoint(position.start, lines, offset), end: movedPoint(position.end, lines, offset)}
    } else {
      if (key === 'type' && WHOLE_TEXT.has(value as string)) whole.found = true
      copy[key] = moved(value, lines, offset, whole)
    }
  }
  return copy as T
}

function movedPoint(point: Point, lines: number, offset: number): Point {
  return {line: point.line + lines, column: point.column, offset: (point.offset ?? 0) + offset}
}
