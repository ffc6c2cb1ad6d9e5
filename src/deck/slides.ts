/**
 * The slide plan: which part of the brief each deck slide comes from, where
 * it starts in the source, and what kind of slide it is. Used for quote slide
 * layout, per-slide handouts and overflow reports.
 */
import type {Root, RootContent} from 'mdast'
import type {AnnotationList, BriefData, Quote} from '../types.js'

/** Entries per "Sources" / "Image credits" slide before a list is split. */
export const LIST_SLIDE_SIZE = {sources: 6, credits: 5} as const

export interface PlannedSlide {
  /** 1-based slide number in the deck. */
  number: number
  /** Line in the brief where the slide starts (1 for generated slides). */
  line: number
  kind: 'title' | 'content' | 'sources' | 'credits'
  /** The brief's nodes on this slide (empty for generated slides and list continuations). */
  nodes: RootContent[]
}

/** How many slides a list annotation takes. */
export function listSlideCount(node: AnnotationList, data: BriefData): number {
  const size = node.list === 'sources' ? data.sources.size : data.credits.size
  return Math.max(1, Math.ceil(size / LIST_SLIDE_SIZE[node.list]))
}

/** Split a list of items into slide-sized chunks (always at least one, possibly empty). */
export function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size))
  return chunks.length > 0 ? chunks : [[]]
}

const INVISIBLE = new Set(['annotationDefinition', 'speakerNotes', 'yaml', 'definition'])

function visibleOnSlide(node: RootContent): boolean {
  if (INVISIBLE.has(node.type)) return false
  if (node.type === 'viewOnly') return node.view === 'slides'
  if (node.type === 'html') return !/^<!--[\s\S]*-->$/.test(node.value.trim())
  return true
}

/** Plan the deck's slides from the resolved tree. */
export function planSlides(tree: Root, data: BriefData): PlannedSlide[] {
  const plan: PlannedSlide[] = []
  const add = (slide: Omit<PlannedSlide, 'number'>) => plan.push({...slide, number: plan.length + 1})
  if (data.meta.titleSlide) add({line: 1, kind: 'title', nodes: []})

  const placed = tree.children.filter((node) => node.type !== 'yaml' && node.position)
  const appended = tree.children.filter((node) => !node.position)
  const segments: Array<{line: number; nodes: RootContent[]}> = [{line: bodyLine(tree), nodes: []}]
  for (const node of placed) {
    if (node.type === 'thematicBreak') {
      segments.push({line: (node.position?.end.line ?? 0) + 1, nodes: []})
    } else {
      segments[segments.length - 1].nodes.push(node)
    }
  }
  for (const segment of segments) {
    const first = segment.nodes.find(visibleOnSlide)
    const line = first?.position?.start.line ?? segment.line
    const lists = segment.nodes.filter((node): node is AnnotationList => node.type === 'annotationList')
    const onlyList = lists.length === 1 && segment.nodes.filter(visibleOnSlide).length === 1
    add({line, kind: onlyList ? lists[0].list : 'content', nodes: segment.nodes})
    for (const list of lists) {
      for (let extra = 1; extra < listSlideCount(list, data); extra++) add({line, kind: list.list, nodes: []})
    }
  }
  for (const node of appended) {
    if (node.type !== 'annotationList') continue
    for (let index = 0; index < listSlideCount(node, data); index++) {
      add({line: 1, kind: node.list, nodes: index === 0 ? [node] : []})
    }
  }
  return plan
}

/** Quotes that are the only visible content of their slide: they get the big pull-quote layout. */
export function soloQuotes(plan: PlannedSlide[]): Set<Quote> {
  const solo = new Set<Quote>()
  for (const slide of plan) {
    const visible = slide.nodes.filter(visibleOnSlide)
    const hasClass = slide.nodes.some((node) => node.type === 'html' && /_class\s*:/.test(node.value))
    if (visible.length === 1 && visible[0].type === 'quote' && !hasClass) solo.add(visible[0])
  }
  return solo
}

function bodyLine(tree: Root): number {
  const yaml = tree.children.find((node) => node.type === 'yaml')
  return (yaml?.position?.end.line ?? 0) + 1
}
