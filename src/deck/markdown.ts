/**
 * deck.md from the deck tree, with mdast-util-to-markdown: front matter, GFM
 * and math as Marp reads them. Also tells where each top-level node landed,
 * so that Marp's own slides can be traced back to the brief.
 */
import type {Root, RootContent} from 'mdast'
import {frontmatterToMarkdown} from 'mdast-util-frontmatter'
import {gfmToMarkdown} from 'mdast-util-gfm'
import {mathToMarkdown} from 'mdast-util-math'
import {toMarkdown, type Handle, type Options} from 'mdast-util-to-markdown'

/** The syntax deck Markdown is written in: front matter, GFM and math (made once, used for every deck). */
const EXTENSIONS = [frontmatterToMarkdown(['yaml']), gfmToMarkdown(), mathToMarkdown()]

/** How deck Markdown is written: `---` between slides, `-` bullets, math kept as math. */
export function markdownOptions(extra: Partial<Options> = {}): Options {
  return {bullet: '-', rule: '-', resourceLink: true, extensions: EXTENSIONS, ...extra}
}

export interface SerializedDeck {
  markdown: string
  /** 0-based first line in `markdown` of each top-level node of the tree. */
  lines: Map<RootContent, number>
}

type State = Parameters<Handle>[2]

/**
 * `state.safe`, which escapes what would otherwise read as syntax, trying only
 * the unsafe patterns whose character the text holds: every pattern matches
 * its character, so the others cannot match, and the result is the same. The
 * library tries all of them (some forty regular expressions) on every piece
 * of text, a tenth of a deck's render.
 */
function safeByCharacter(state: State): State['safe'] {
  const safe = state.safe
  const all = state.unsafe
  return (input, config) => {
    const text = (config.before ?? '') + (input ?? '') + (config.after ?? '')
    state.unsafe = all.filter((pattern) => text.includes(pattern.character))
    try {
      return safe.call(state, input, config)
    } finally {
      state.unsafe = all
    }
  }
}

/** Write the deck tree; record the line each top-level node starts on. */
export function serializeDeck(root: Root): SerializedDeck {
  const pieces: Array<[RootContent, string]> = []
  const rootHandler: Handle = (node: Root, _parent, state, info) => {
    const handle = state.handle
    // zwitch's handle carries its handler table: keep it on the wrapper.
    state.handle = Object.assign((child: Parameters<typeof handle>[0], parent: Parameters<typeof handle>[1], ...rest: [never, never]) => {
      const out = handle(child, parent, ...rest)
      if (parent === node) pieces.push([child as RootContent, out])
      return out
    }, handle) as typeof state.handle
    const safe = state.safe
    state.safe = safeByCharacter(state)
    try {
      return state.containerFlow(node, info)
    } finally {
      state.handle = handle
      state.safe = safe
    }
  }
  const markdown = toMarkdown(root, markdownOptions({handlers: {root: rootHandler}}))
  const lines = new Map<RootContent, number>()
  let cursor = 0
  /** Line breaks before `counted`: each piece's are counted once, from where the last one was found. */
  let line = 0
  let counted = 0
  for (const [node, out] of pieces) {
    // The root's children are joined unchanged (no indent at the top level): each is found in order.
    const at = markdown.indexOf(out, cursor)
    if (at === -1) continue
    line += countLines(markdown, counted, at)
    counted = at
    lines.set(node, line)
    cursor = at + out.length
  }
  return {markdown, lines}
}

/** Line breaks in `value` from `start` up to `end`. */
function countLines(value: string, start: number, end: number): number {
  let lines = 0
  for (let index = value.indexOf('\n', start); index !== -1 && index < end; index = value.indexOf('\n', index + 1)) lines++
  return lines
}
