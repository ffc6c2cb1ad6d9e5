/**
 * The last check before a deck is published, on deck.md as Marp itself read
 * it (not on the brief's source): no style unless the project allows styles,
 * and then none that reaches outside; no directive comment that the brief did
 * not write openly, outside speaker notes. It fails closed: a deck that does
 * not pass is not written.
 */
import type {Html} from 'mdast'
import {visit} from 'unist-util-visit'
import {remoteCss} from '../resolve/styles.js'
import {DIRECTIVES, type MarpTree} from './marp-tree.js'
import type {RenderedDeck} from './render.js'
import {browserView, isProtocolRelative, urlScheme} from '../resolve/urls.js'

export interface VerifyOptions {
  /** Whether the project keeps styles from briefs (default: `false`). */
  allowStyles?: boolean
}

export interface DeckProblem {
  /** What is wrong, in a sentence without its end. */
  reason: string
  /** The line of deck.md (0-based) it is on, when Marp says. */
  line?: number
}

/** What is wrong, empty when the deck is fine. */
export function verifyDeck(deck: MarpTree, rendered: RenderedDeck, options: VerifyOptions = {}): DeckProblem[] {
  const problems: DeckProblem[] = []
  for (const {css, line} of rendered.styles) {
    if (!options.allowStyles) problems.push({reason: `Marp would apply a style (${JSON.stringify(clip(css))})`, line})
    else {
      const remote = remoteCss(css)
      if (remote) problems.push({reason: `Marp would apply a style with ${remote}`, line})
    }
  }
  for (const address of unsafeAddresses(rendered.html)) {
    problems.push({reason: `The deck would link to or load ${JSON.stringify(clip(address))}`})
  }
  const open = openComments(deck)
  for (const comment of rendered.directiveComments) {
    const names = comment.names.filter((name) => DIRECTIVES.has(name.replace(/^_/, '')))
    if (names.length === 0 || open.some((text) => text.includes(comment.content.trim()))) continue
    problems.push({
      reason: `Marp would read the directive${names.length > 1 ? 's' : ''} ${names.map((name) => `\`${name}\``).join(', ')} from text the brief did not write as a directive`,
      line: comment.line
    })
  }
  return problems
}

/** The HTML of the deck tree that the brief wrote openly or briefdeck made, speaker notes left out. */
function openComments(deck: MarpTree): string[] {
  const texts: string[] = []
  visit(deck.root, 'html', (html: Html) => {
    if (!html.data?.speakerNotes) texts.push(html.value)
  })
  return texts
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text
}

const ADDRESS = /\s(?:xlink:)?(href|src)\s*=\s*"([^"]*)"/gi
const ENTITY = /&(?:#(\d+)|#x([\da-f]+)|(amp|quot|lt|gt|apos));/gi
const NAMED: Record<string, string> = {amp: '&', quot: '"', lt: '<', gt: '>', apos: "'"}

/** Links and sources in Marp's HTML (math output included) that go anywhere but the web, mail, the page or a raster `data:` image. */
export function unsafeAddresses(html: string): string[] {
  const found: string[] = []
  for (const match of html.matchAll(ADDRESS)) {
    const value = match[2].replace(ENTITY, (_, decimal?: string, hex?: string, name?: string) =>
      name ? NAMED[name.toLowerCase()] : String.fromCodePoint(decimal ? Number(decimal) : Number.parseInt(hex ?? '0', 16))
    )
    const scheme = urlScheme(value)
    const fine =
      !isProtocolRelative(value) &&
      (scheme === undefined ||
        scheme === 'https:' ||
        scheme === 'http:' ||
        (scheme === 'mailto:' && match[1].toLowerCase() === 'href') ||
        (scheme === 'data:' && /^data:image\/(?:png|jpeg|gif|webp|avif);/i.test(browserView(value))))
    if (!fine) found.push(value)
  }
  return found
}
