/**
 * The last check before a deck is published, on deck.md as Marp itself read
 * it (not on the brief's source): no style unless the project allows styles,
 * and then none that reaches outside; no directive comment that the brief did
 * not write openly, outside speaker notes. It fails closed: a deck that does
 * not pass is not written.
 */
import type {Element} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {toString} from 'hast-util-to-string'
import type {Html} from 'mdast'
import {visit} from 'unist-util-visit'
import {remoteCss} from '../resolve/styles.js'
import {isMarpDirective, type MarpTree} from './marp-tree.js'
import type {RenderedDeck} from './render.js'
import {browserView, isProtocolRelative, urlScheme} from '../resolve/urls.js'

export interface VerifyOptions {
  /** Whether the project keeps styles from briefs (default: `false`). */
  allowStyles?: boolean
}

export interface DeckProblem {
  /** What is wrong, in a sentence without its end. */
  reason: string
  /** How to fix it. */
  fix: string
  /** The line of deck.md (0-based) it is on, when Marp says. */
  line?: number
}

/** What is wrong, empty when the deck is fine. */
export function verifyDeck(deck: MarpTree, rendered: RenderedDeck, options: VerifyOptions = {}): DeckProblem[] {
  const problems: DeckProblem[] = []
  for (const {css, line} of rendered.styles) {
    if (!options.allowStyles) problems.push({reason: `Marp would apply a style (${JSON.stringify(clip(css))})`, fix: 'remove the style from the brief, or use a theme in themes/', line})
    else {
      const remote = remoteCss(css)
      if (remote) problems.push({reason: `Marp would apply a style with ${remote}`, fix: 'use only `data:` URLs in styles, or move the style into a theme in themes/', line})
    }
  }
  for (const what of unsafeHtml(rendered.html, rendered.runtimeScripts)) {
    problems.push({reason: `The deck would have ${what}`, fix: 'remove it from the brief (look at the math and raw HTML on that slide)'})
  }
  // KaTeX loads its fonts from a CDN; MathJax (the default) needs nothing from outside.
  const math = rendered.globalDirectives.math
  if (math !== undefined && math !== 'mathjax') {
    problems.push({reason: `The deck asks for math by ${JSON.stringify(String(math))}, which loads fonts from a CDN`, fix: 'write `math: mathjax`, or leave the `math` directive out'})
  }
  const open = openComments(deck)
  for (const comment of rendered.directiveComments) {
    const names = comment.names.filter(isMarpDirective)
    if (names.length === 0 || open.some((text) => text.includes(comment.content.trim()))) continue
    problems.push({
      reason: `Marp would read the directive${names.length > 1 ? 's' : ''} ${names.map((name) => `\`${name}\``).join(', ')} from text the brief did not write as a directive`,
      fix: 'write directives as HTML comments of their own, outside `:::notes`, and reword text that Marp reads as one',
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

const ADDRESS_PROPERTIES = new Set(['href', 'src', 'xLinkHref', 'action', 'formAction', 'poster', 'data', 'srcSet'])

/**
 * What Marp's HTML may not have, whatever produced it (math output included):
 * scripts other than marp-core's own, event handler attributes, and links or
 * sources that go anywhere but the web, mail, the page or a raster `data:` image.
 */
export function unsafeHtml(html: string, runtimeScripts: readonly string[] = []): string[] {
  if (plainlyClean(html, runtimeScripts)) return []
  const found: string[] = []
  const tree = fromHtml(html, {fragment: true})
  const runtime = new Set(runtimeScripts)
  visit(tree, 'element', (element: Element) => {
    if (element.tagName === 'script' && (element.properties.src !== undefined || !runtime.has(toString(element)))) {
      found.push(`a <script> element`)
    }
    for (const [name, value] of Object.entries(element.properties)) {
      if (/^on/i.test(name)) found.push(`an event handler (${name.toLowerCase()})`)
      else if (ADDRESS_PROPERTIES.has(name)) {
        for (const address of Array.isArray(value) ? value.map(String) : [String(value)]) {
          if (!safeAddress(address, name)) found.push(`an address ${JSON.stringify(clip(address))}`)
        }
      }
    }
  })
  return [...new Set(found)]
}

const SCRIPT = /<script\b/gi
const HANDLER = /[\s"'/]on[a-z]+\s*=/i
const ADDRESS = /[\s"'/](?:xlink:)?(href|src|srcset|action|formaction|poster|data)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)/gi

/**
 * A quick look that can only say "clean" when the HTML plainly is: exactly
 * marp-core's scripts, nothing that looks like an event handler, and every
 * address plainly safe without character references. Anything else is parsed.
 */
function plainlyClean(html: string, runtimeScripts: readonly string[]): boolean {
  if ((html.match(SCRIPT) ?? []).length !== runtimeScripts.length) return false
  if (!runtimeScripts.every((script) => html.includes(script))) return false
  if (HANDLER.test(html)) return false
  for (const match of html.matchAll(ADDRESS)) {
    const value = match[2].replace(/^["']|["']$/g, '')
    if (value.includes('&') || !safeAddress(value, match[1].toLowerCase() === 'href' ? 'href' : 'src')) return false
  }
  return true
}

function safeAddress(value: string, property: string): boolean {
  if (isProtocolRelative(value)) return false
  const scheme = urlScheme(value)
  return (
    scheme === undefined ||
    scheme === 'https:' ||
    scheme === 'http:' ||
    (scheme === 'mailto:' && property === 'href') ||
    (scheme === 'data:' && /^data:image\/(?:png|jpeg|gif|webp|avif);/i.test(browserView(value)))
  )
}
