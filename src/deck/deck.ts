/**
 * One brief's deck: the deck tree, deck.md written from it, marp-core's HTML,
 * and Marp's slides traced back to the brief. A quote alone on its slide gets
 * the pull-quote layout (`<!-- _class: quote -->`, which adds no slide): which
 * quotes are alone is guessed from the deck tree, then checked against Marp's
 * own slides, and the deck is made again only when the guess was wrong.
 */
import type {Root, RootContent} from 'mdast'
import type {BriefData, Quote} from '../types.js'
import {serializeDeck} from './markdown.js'
import {toMarpTree, type MarpTree} from './marp-tree.js'
import {planSlides, visible, type PlannedSlide} from './plan.js'
import type {DeckRenderer, RenderedDeck} from './render.js'

export interface Deck {
  /** deck.md */
  markdown: string
  rendered: RenderedDeck
  plan: PlannedSlide[]
  /** The deck tree deck.md was written from. */
  tree: MarpTree
}

export function buildDeck(tree: Root, data: BriefData, renderer: DeckRenderer): Deck {
  const briefNodes = tree.children.filter((node) => node.type !== 'yaml')
  const first = toMarpTree(tree, data)
  const guess = guessSoloQuotes(first)
  let attempt = make(first, renderer, briefNodes, guess)
  const actual = soloQuotes(attempt.plan)
  if (!sameSet(actual, guess)) attempt = make(toMarpTree(tree, data), renderer, briefNodes, actual)
  return attempt
}

function make(deck: MarpTree, renderer: DeckRenderer, briefNodes: RootContent[], quotes: ReadonlySet<Quote>): Deck {
  addQuoteLayout(deck, quotes)
  const serialized = serializeDeck(deck.root)
  const rendered = renderer.render(serialized.markdown)
  const plan = planSlides(deck, serialized, rendered.slideLines, briefNodes)
  return {markdown: serialized.markdown, rendered, plan: alignPlan(plan, rendered.slides.length), tree: deck}
}

/** Quotes that are the only thing their slide shows (and whose slide has no class of the author's). */
function soloQuotes(plan: PlannedSlide[]): Set<Quote> {
  const solo = new Set<Quote>()
  for (const slide of plan) {
    const shown = slide.nodes.filter(visible)
    const hasClass = slide.nodes.some((node) => node.type === 'html' && /_class\s*:/.test(node.value))
    if (shown.length === 1 && shown[0].type === 'quote' && !hasClass) solo.add(shown[0])
  }
  return solo
}

/** The same, from the deck tree split at its breaks and divided headings: a guess that Marp's slides confirm. */
function guessSoloQuotes(deck: MarpTree): Set<Quote> {
  const solo = new Set<Quote>()
  let shown = new Set<RootContent>()
  let hasClass = false
  const close = () => {
    const [only] = shown
    if (shown.size === 1 && only.type === 'quote' && !hasClass) solo.add(only)
    shown = new Set()
    hasClass = false
  }
  for (const node of deck.root.children) {
    const origin = deck.origins.get(node)
    if (node.type === 'thematicBreak' || (node.type === 'heading' && deck.dividerLevels.has(node.depth) && shown.size > 0)) close()
    if (origin?.kind !== 'brief') {
      if (origin && origin.kind !== 'front matter' && node.type !== 'thematicBreak') shown.add(node)
      continue
    }
    if (origin.node.type === 'html' && /_class\s*:/.test(origin.node.value)) hasClass = true
    if (visible(origin.node)) shown.add(origin.node)
  }
  close()
  return solo
}

function addQuoteLayout(deck: MarpTree, quotes: ReadonlySet<Quote>): void {
  for (const quote of quotes) {
    const own = deck.root.children.filter((node) => {
      const origin = deck.origins.get(node)
      return origin?.kind === 'brief' && origin.node === quote
    })
    if (own.length === 0) continue
    // After the quote: before it, a `headingDivider` could leave the directive on the slide before.
    const directive: RootContent = {type: 'html', value: '<!-- _class: quote -->'}
    deck.origins.set(directive, {kind: 'brief', node: quote})
    deck.root.children.splice(deck.root.children.indexOf(own[own.length - 1]) + 1, 0, directive)
  }
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  return a.size === b.size && [...a].every((item) => b.has(item))
}

/** The plan has one entry per rendered slide (they agree unless Marp changed its mind). */
function alignPlan(plan: PlannedSlide[], count: number): PlannedSlide[] {
  const aligned = plan.slice(0, count)
  for (let number = aligned.length + 1; number <= count; number++) aligned.push({number, line: 1, kind: 'content', nodes: []})
  return aligned
}
