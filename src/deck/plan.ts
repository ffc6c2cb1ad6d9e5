/**
 * The slide plan, read from Marp's own parse of deck.md: which slides there
 * are (however Marp split them: `---`, `***`, `headingDivider`, slides of
 * directives only), where each starts in the brief, and which of the brief's
 * blocks (speaker notes and `:::handout` text included) belong to it. One plan
 * per brief serves the deck page, the handouts, thumbnails, overflow reports
 * and PDFs.
 */
import type {RootContent} from 'mdast'
import type {MarpTree} from './marp-tree.js'
import type {SerializedDeck} from './markdown.js'

export interface PlannedSlide {
  /** 1-based slide number in the deck. */
  number: number
  /** Line in the brief where the slide starts (1 for generated slides). */
  line: number
  kind: 'title' | 'content' | 'sources' | 'credits'
  /** The brief's top-level blocks on this slide, in order (empty for generated slides). */
  nodes: RootContent[]
}

/**
 * Trace Marp's slides back to the brief. `slideLines[i]` holds the lines of
 * deck.md (0-based) where slide i's blocks start, as Marp's tokens map them.
 */
export function planSlides(deck: MarpTree, serialized: SerializedDeck, slideLines: number[][], briefNodes: readonly RootContent[]): PlannedSlide[] {
  const slideAt = new Map<number, number>()
  slideLines.forEach((lines, slide) => {
    for (const line of lines) if (!slideAt.has(line)) slideAt.set(line, slide)
  })
  const slideOf = (node: RootContent): number | undefined => {
    const line = serialized.lines.get(node)
    return line === undefined ? undefined : slideAt.get(line)
  }

  const plan: PlannedSlide[] = slideLines.map((_, index) => ({number: index + 1, line: 1, kind: 'content', nodes: []}))
  const deckNodesOf = new Map<RootContent, RootContent[]>()
  const generated = new Map<number, Set<string>>()
  for (const node of deck.root.children) {
    const origin = deck.origins.get(node)
    if (origin && 'node' in origin) deckNodesOf.set(origin.node, [...(deckNodesOf.get(origin.node) ?? []), node])
    if (origin && origin.kind !== 'brief' && origin.kind !== 'front matter') {
      const slide = slideOf(node)
      if (slide !== undefined && node.type !== 'thematicBreak') generated.set(slide, new Set([...(generated.get(slide) ?? []), origin.kind]))
    }
  }
  for (const [slide, kinds] of generated) if (kinds.size === 1) plan[slide].kind = [...kinds][0] as PlannedSlide['kind']

  // Blocks the deck does not show (definitions, handout-only text) go with the slide of the block before them.
  let current = briefNodes.map((node) => (deckNodesOf.get(node) ?? []).map(slideOf).find((slide) => slide !== undefined)).find((slide) => slide !== undefined) ?? 0
  /** A slide with nothing of the brief on it starts on the line after the break that opened it. */
  const afterBreak = new Map<number, number>()
  for (const node of briefNodes) {
    const slides = (deckNodesOf.get(node) ?? []).map(slideOf).filter((slide): slide is number => slide !== undefined)
    if (node.type === 'thematicBreak' && node.position) for (const slide of slides) afterBreak.set(slide, node.position.end.line + 1)
    for (const slide of new Set(slides.length > 0 ? slides : [current])) {
      const planned = plan[slide]
      if (!planned) continue
      if (node.type !== 'thematicBreak') planned.nodes.push(node)
      if (planned.line === 1 && planned.kind === 'content' && visible(node) && node.position) planned.line = node.position.start.line
    }
    if (slides.length > 0) current = slides[slides.length - 1]
  }
  for (const [index, slide] of plan.entries()) {
    if (slide.line !== 1 || slide.kind !== 'content') continue
    slide.line = slide.nodes.find((node) => node.position)?.position?.start.line ?? afterBreak.get(index) ?? 1
  }
  return plan
}

/** Whether a block of the brief shows on its slide. */
export function visible(node: RootContent): boolean {
  if (node.type === 'annotationDefinition' || node.type === 'speakerNotes' || node.type === 'definition' || node.type === 'thematicBreak') return false
  if (node.type === 'viewOnly') return node.view === 'slides'
  if (node.type === 'html') return !/^<!--[\s\S]*-->$/.test(node.value.trim())
  return true
}
