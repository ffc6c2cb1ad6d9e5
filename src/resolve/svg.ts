/**
 * SVG sanitizing: read an SVG file as XML, keep its drawing, text and
 * same-file references, take out everything that could run script or load
 * something (scripts, event handlers, foreign content, styles, external
 * references) and write it back as a standalone SVG file, saying in words
 * what was taken out.
 */
import {createHash} from 'node:crypto'
import {createRequire} from 'node:module'
import createDOMPurify, {type Config, type DOMPurify, type WindowLike} from 'dompurify'
import type {DOMWindow} from 'jsdom'

const SVG_NS = 'http://www.w3.org/2000/svg'
const XLINK_NS = 'http://www.w3.org/1999/xlink'
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/'
const PARSER_ERROR_NS = 'http://www.mozilla.org/newlayout/xml/parsererror.xml'

/** An SVG file that cannot be read safely as one; the message says why, as a sentence fragment. */
export class SvgError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SvgError'
  }
}

export interface SanitizedSvg {
  /** The sanitized file: one `<svg xmlns="http://www.w3.org/2000/svg">` element. */
  svg: string
  /** What was taken out, in words, without repeats; empty when the file was clean. */
  removed: string[]
}

// DOMPurify gets a tree already parsed as XML, so its parser mode only sets how
// it compares names: in XHTML mode exactly, against lowercase lists, which drops
// viewBox, linearGradient, feGaussianBlur and all other mixed-case SVG names.
const CONFIG: Config = {
  USE_PROFILES: {svg: true, svgFilters: true},
  ADD_TAGS: ['use'], // its href is checked by the hook: same-file fragments only
  ADD_ATTR: ['role'],
  FORBID_TAGS: ['script', 'style', 'foreignobject', 'iframe', 'embed', 'object', 'handler', 'listener', 'animate', 'set'],
  ADD_FORBID_CONTENTS: ['handler', 'listener', 'animate', 'set'],
  // The output is a file of its own, never inlined into a page, so ids such as
  // "title" cannot clobber a page's globals: keep them for aria-labelledby.
  SANITIZE_DOM: false,
  // Sanitize the adopted tree where it is: importing it into a new document
  // first, as DOMPurify otherwise does, takes four times as long in jsdom.
  IN_PLACE: true
}

const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp|avif);base64,[a-z\d+/=\s]+$/i
const SCRIPT_URL = /(?:java|vb)script:|data:text\/html/i
const CSS_LOADS = /@import|(?:image-set|image|src|cross-fade)\(/i
const SUBSET = /<!DOCTYPE(?:[^>["']|"[^"]*"|'[^']*')*\[/iy

/** jsdom parses XML in time that grows with the square of the nesting depth. */
const MAX_DEPTH = 200
const SKIPPED = [['<!--', '-->'], ['<![CDATA[', ']]>'], ['<?', '?>'], ['<!', '>']] as const

/** How deeply elements nest, from a linear scan of the tags (before parsing). */
function nesting(text: string): number {
  let level = 0
  let deepest = 0
  for (let at = text.indexOf('<'); at !== -1; at = text.indexOf('<', at + 1)) {
    const skip = SKIPPED.find(([open]) => text.startsWith(open, at))
    if (skip) at = text.indexOf(skip[1], at + skip[0].length)
    else if (text[at + 1] === '/') {
      level -= 1
      at = text.indexOf('>', at)
    } else {
      let quote = ''
      for (at += 1; at < text.length && (quote || text[at] !== '>'); at += 1) {
        if (text[at] === '"' || text[at] === "'") quote = quote === text[at] ? '' : quote || text[at]
      }
      if (text[at - 1] !== '/') deepest = Math.max(deepest, (level += 1))
    }
    if (at === -1) break
  }
  return deepest
}

let purifier: {window: DOMWindow; purify: DOMPurify} | undefined

/**
 * One jsdom window and DOMPurify instance per thread, made on first use: jsdom
 * takes half a second to load, which a brief without SVG images never pays.
 */
function instance(): {window: DOMWindow; purify: DOMPurify} {
  if (purifier) return purifier
  const {JSDOM} = createRequire(import.meta.url)('jsdom') as typeof import('jsdom')
  const {window} = new JSDOM('')
  const purify = createDOMPurify(window as unknown as WindowLike)
  purify.addHook('uponSanitizeAttribute', (node, event) => {
    if (event.keepAttr && threat(node.localName, event.attrName, event.attrValue)) event.keepAttr = false
  })
  return (purifier = {window, purify})
}

/** Load the DOM now (half a second), when this thread is about to wait anyway, rather than with the first SVG image. */
export function preloadSvgSanitizer(): void {
  instance()
}

/**
 * Sanitizing is a pure function of the file's text: keep the last results of
 * `sanitize` by content hash, so that briefs sharing pictures (and rebuilds
 * in `serve`) have each one sanitized once. An SvgError is kept and thrown again.
 */
export function cachedByContent(sanitize: (text: string) => SanitizedSvg): (text: string) => SanitizedSvg {
  const cache = new Map<string, SanitizedSvg | SvgError>()
  return (text) => {
    const key = createHash('sha256').update(text).digest('base64')
    let result = cache.get(key)
    if (result === undefined) {
      try {
        result = sanitize(text)
      } catch (error) {
        if (!(error instanceof SvgError)) throw error
        result = error
      }
      if (cache.size >= 256) cache.delete(cache.keys().next().value as string)
      cache.set(key, result)
    }
    if (result instanceof SvgError) throw result
    return result
  }
}

/** `sanitizeSvg`, once per content in this thread. */
export const sanitizeSvgCached = cachedByContent(sanitizeSvg)

const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 59)}…` : text)

/** Why an attribute value may not stay (DOMPurify lets these through), or `undefined`. */
function threat(tag: string, name: string, value: string): string | undefined {
  const compact = value.replace(/[\s\u0000-\u001f]+/g, '')
  if (SCRIPT_URL.test(compact)) return `a script address ${clip(value)}`
  const local = name.toLowerCase().replace(/^.*:/, '')
  if (local === 'href' || local === 'src') {
    if (value.startsWith('#') || (tag.toLowerCase() === 'image' && DATA_IMAGE.test(value))) return undefined
    if (/^data:/i.test(compact)) return `an embedded ${clip(value)}`
    return `${tag === 'a' ? 'a link to' : 'an external reference'} ${clip(value)}`
  }
  if (local === 'attributename' && /^(?:.*:)?href$|^on/i.test(value.trim())) return `an animation of ${value.trim()}`
  if (local.startsWith('aria-')) return undefined // plain text, never read as CSS
  for (const match of value.matchAll(/url\(\s*['"]?\s*(.?)/gi)) {
    if (match[1] !== '#') return `an external reference ${clip(value.slice(match.index, match.index + 200).replace(/\).*$/s, ')'))}`
  }
  if (CSS_LOADS.test(value)) return `an external reference ${clip(value)}`
  if (value.includes('\\') && value.includes('(')) return `CSS escapes ${clip(value)}`
  return undefined
}

/**
 * Sanitize the text of an SVG file. Throws `SvgError` when the file cannot be
 * read safely as SVG: not well-formed XML, a root element other than `<svg>`,
 * entities declared in its DOCTYPE, or elements nested too deeply. The error's
 * message is a sentence fragment about the file ("is not well-formed XML (…)").
 */
export function sanitizeSvg(text: string): SanitizedSvg {
  const {window} = instance()
  const removed = new Set<string>()
  // The parser expands entities declared in the file, so 35 KB can grow to 100 MB.
  if (/<!ENTITY/i.test(text)) {
    throw new SvgError('declares entities in its DOCTYPE, which briefdeck does not read: delete the `[…]` part of its DOCTYPE, or export the image again without one')
  }
  if (nesting(text) > MAX_DEPTH) throw new SvgError(`nests its elements more than ${MAX_DEPTH} levels deep: ungroup some of them`)
  const doc = new window.DOMParser().parseFromString(text.replace(/^\uFEFF/, ''), 'image/svg+xml')
  const parsed = doc.documentElement
  if (parsed.namespaceURI === PARSER_ERROR_NS) {
    const where = (parsed.textContent ?? '').trim().replace(/\.$/, '').replace(/^(\d+):(\d+):/, 'line $1, column $2:')
    throw new SvgError(`is not well-formed XML (${where})`)
  }
  if (parsed.localName !== 'svg' || (parsed.namespaceURI !== null && parsed.namespaceURI !== SVG_NS)) {
    throw new SvgError(`has no <svg> root element (its root is <${parsed.tagName}>), so it is not an SVG image`)
  }
  const doctypeAt = doc.doctype ? text.search(/<!DOCTYPE/i) : -1
  SUBSET.lastIndex = doctypeAt
  if (doctypeAt >= 0 && SUBSET.test(text)) removed.add('the DOCTYPE with its internal subset')
  for (const node of doc.childNodes) {
    if (node.nodeType === node.PROCESSING_INSTRUCTION_NODE) removed.add(`an <?${node.nodeName}?> processing instruction`)
  }

  try {
    const svg = purifyTree(adopt(doc, parsed, removed), removed)
    // Declare the xlink prefix, or the serializer makes one up ("ns1:href").
    if (text.includes(XLINK_NS)) svg.setAttributeNS(XMLNS_NS, 'xmlns:xlink', XLINK_NS)
    return {svg: new window.XMLSerializer().serializeToString(svg), removed: [...removed]}
  } catch (error) {
    if (error instanceof RangeError) throw new SvgError('nests its elements too deeply to be read')
    throw error
  }
}

/** Run DOMPurify on the adopted tree, in place, and describe what it removed. */
function purifyTree(svg: Element, removed: Set<string>): Element {
  const {purify} = instance()
  purify.sanitize(svg, CONFIG)
  for (const entry of purify.removed) {
    if ('element' in entry) {
      const node = entry.element
      if (node.nodeType !== node.ELEMENT_NODE) continue
      const tag = (node as Element).localName
      removed.add(`${/^[aeio]/i.test(tag) ? 'an' : 'a'} <${tag}> element`)
    } else if (entry.attribute) {
      const {name, value} = entry.attribute
      const tag = (entry.from as Element).localName
      const why = /^on/i.test(name) ? undefined : threat(tag, name, value.trim())
      removed.add(why ? `${why} (${name} of <${tag}>)` : `the ${name} attribute of <${tag}>`)
    }
  }
  return svg
}

/**
 * Copy an element tree with every SVG (or namespace-less) element in the SVG
 * namespace without a prefix, xlink attributes named `xlink:…`, CDATA as text,
 * and no comments, processing instructions or namespace declarations (the
 * serializer writes the ones needed).
 */
function adopt(doc: Document, element: Element, removed: Set<string>): Element {
  const ns = element.namespaceURI
  const copy = ns === null || ns === SVG_NS ? doc.createElementNS(SVG_NS, element.localName) : doc.createElementNS(ns, element.tagName)
  for (const attribute of element.attributes) {
    if (attribute.namespaceURI === XMLNS_NS) continue
    const name = attribute.namespaceURI === XLINK_NS ? `xlink:${attribute.localName}` : attribute.name
    copy.setAttributeNS(attribute.namespaceURI, name, attribute.value)
  }
  for (const child of element.childNodes) {
    if (child.nodeType === child.ELEMENT_NODE) copy.append(adopt(doc, child as Element, removed))
    else if (child.nodeType === child.TEXT_NODE || child.nodeType === child.CDATA_SECTION_NODE) copy.append(doc.createTextNode((child as CharacterData).data))
    else if (child.nodeType === child.PROCESSING_INSTRUCTION_NODE) removed.add(`an <?${child.nodeName}?> processing instruction`)
  }
  return copy
}
