/**
 * The three handout layouts on one base: `article` (the argument as a
 * readable article), `notes` (each slide beside its notes and handout text)
 * and `slides` (three slides a page with ruled space for notes).
 */
import type {Root, RootContent} from 'mdast'
import type {RenderedDeck} from '../deck/render.js'
import type {PlannedSlide} from '../deck/plan.js'
import {thumbnailCss, thumbnailSvg} from '../deck/thumbnails.js'
import type {BriefData, HandoutLayout} from '../types.js'
import {createHandoutRenderer, type HandoutRenderOptions} from './render.js'

export interface SlideBlock {
  number: number
  /** The slide as inline SVG (marp-core's own rendering, without script). */
  thumbnail: string
  /** Sanitized HTML of the slide's speaker notes. */
  notes: string
  /** Sanitized HTML of the slide's `:::handout` content. */
  text: string
}

export interface HandoutContent {
  layout: HandoutLayout
  /** The article body (article layout). */
  body?: string
  /** One entry per slide (notes and slides layouts). */
  slides?: SlideBlock[]
  /** Deck CSS for the thumbnails, without Marp's page size. */
  deckCss?: string
  /** Endnotes and image credits, which every layout prints at the end. */
  lists?: string
}

/** Render the handout's content for its layout. */
export async function renderHandoutContent(
  tree: Root,
  data: BriefData,
  {deck, plan}: {deck: RenderedDeck; plan: PlannedSlide[]},
  layout: HandoutLayout,
  options: HandoutRenderOptions = {}
): Promise<HandoutContent> {
  const render = createHandoutRenderer(tree, data, options)
  if (layout === 'article') return {layout, body: await render(tree.children)}

  const slides: SlideBlock[] = []
  for (const [index, svg] of deck.slides.entries()) {
    const nodes = plan[index]?.nodes ?? []
    const handoutText = nodes.flatMap((node) => (node.type === 'viewOnly' && node.view === 'handout' ? node.children : []))
    slides.push({
      number: index + 1,
      thumbnail: thumbnailSvg(svg),
      notes: await render(nodes.flatMap((node) => (node.type === 'speakerNotes' ? node.children : []))),
      text: await render(handoutText)
    })
  }
  const lists: RootContent[] = [
    {type: 'annotationList', list: 'sources'},
    {type: 'annotationList', list: 'credits'}
  ].filter((list) => (list.list === 'sources' ? data.sources.size : data.credits.size) > 0) as RootContent[]
  return {layout, slides, deckCss: thumbnailCss(deck.css), lists: await render(lists)}
}
