/**
 * One brief's deck: the deck tree, deck.md written from it, Marp's slides
 * traced back to the brief, the pull-quote layout, and marp-core's HTML.
 */
import type {Root, RootContent} from 'mdast'
import type {BriefData} from '../types.js'
import {serializeDeck} from './markdown.js'
import {toMarpTree} from './marp-tree.js'
import {planSlides, visible, type PlannedSlide} from './plan.js'
import type {DeckRenderer, RenderedDeck} from './render.js'

export interface Deck {
  /** deck.md */
  markdown: string
  rendered: RenderedDeck
  plan: PlannedSlide[]
}

export function buildDeck(tree: Root, data: BriefData, renderer: DeckRenderer): Deck {
  const deck = toMarpTree(tree, data)
  let serialized = serializeDeck(deck.root)
  const briefNodes = tree.children.filter((node) => node.type !== 'yaml')
  const plan = planSlides(deck, serialized, renderer.slideLines(serialized.markdown), briefNodes)
  // A quote alone on its slide gets the big pull-quote layout (a class directive adds no slide).
  let changed = false
  for (const slide of plan) {
    const shown = slide.nodes.filter(visible)
    const hasClass = slide.nodes.some((node) => node.type === 'html' && /_class\s*:/.test(node.value))
    if (shown.length !== 1 || shown[0].type !== 'quote' || hasClass) continue
    const own = deck.root.children.filter((node) => {
      const origin = deck.origins.get(node)
      return origin?.kind === 'brief' && origin.node === shown[0]
    })
    if (own.length === 0) continue
    // After the quote: before it, a `headingDivider` could leave the directive on the slide before.
    const directive: RootContent = {type: 'html', value: '<!-- _class: quote -->'}
    deck.root.children.splice(deck.root.children.indexOf(own[own.length - 1]) + 1, 0, directive)
    changed = true
  }
  if (changed) serialized = serializeDeck(deck.root)
  const rendered = renderer.render(serialized.markdown)
  return {markdown: serialized.markdown, rendered, plan: alignPlan(plan, rendered.slides.length)}
}

/** The plan has one entry per rendered slide (they agree unless Marp changed its mind between two parses). */
function alignPlan(plan: PlannedSlide[], count: number): PlannedSlide[] {
  const aligned = plan.slice(0, count)
  for (let number = aligned.length + 1; number <= count; number++) aligned.push({number, line: 1, kind: 'content', nodes: []})
  return aligned
}
