/**
 * Images: check every figure and Markdown image, find local files inside the
 * project, plan their copies into the outputs, and check their credits.
 */
import fs from 'node:fs'
import path from 'node:path'
import {isInside} from '../paths.js'
import {altWithoutMarpKeywords} from './marp-alt.js'
import type {Image, Root} from 'mdast'
import type {Position} from 'unist'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {isWebUrl} from '../annotations/attributes.js'
import {hasControlCharacter, isProtocolRelative, urlScheme} from './urls.js'
import {didYouMean, report, quoted} from '../messages.js'
import type {Asset, BriefData, Figure} from '../types.js'
import {checkImageFile, readImageFile} from './image-file.js'
import {sanitizeSvgCached, SvgError, type SanitizedSvg} from './svg.js'

export interface ImageOptions {
  /** Project root: local images must be inside it (default: the current directory). */
  root?: string
  /** Check local images on disk and plan their copies (default: `true`). */
  files?: boolean
  /**
   * Sanitize an SVG file's text, throwing `SvgError` for one that cannot be
   * read safely (default: in this thread, once per content).
   */
  sanitizeSvg?: (text: string) => SanitizedSvg
}

/** SVG is parsed and sanitized, which takes time in proportion to its size (about 5 s a MiB). */
export const SVG_LIMITS = {file: 256 * 1024, brief: 512 * 1024} as const

const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp|avif);base64,[a-z\d+/=\s]+$/i

/** Resolve images in place: set `href` on figures and images, fill `data.assets`. */
export function resolveImages(tree: Root, file: VFile, data: BriefData, options: ImageOptions = {}): void {
  const root = safeRealpath(path.resolve(options.root ?? process.cwd())) ?? path.resolve(options.root ?? process.cwd())
  const briefDir = path.dirname(path.resolve(file.cwd, file.path ?? path.join(root, 'brief.md')))
  const source = String(file.value)
  const assets = new Map<string, Asset>()

  const locate = (url: string, position: Position | undefined, what: string): string | undefined => {
    if (url.startsWith('http:') && isWebUrl(url)) {
      report(file, `Image ${quoted(url)} is not served over https, so the pages' security policy will not load it: use its https address, or copy it into the project`, position, 'insecure-image')
      return url
    }
    if (isWebUrl(url) || DATA_IMAGE.test(url)) return url
    if (hasControlCharacter(url)) {
      report(file, `${what} ${quoted(url)} holds a control character, which no address has and which browsers skip: write the address without it`, position, 'invalid-src')
      return undefined
    }
    if (isProtocolRelative(url)) {
      report(
        file,
        `${what} ${quoted(url)} is on another site without saying how to fetch it: write the full https address, e.g. \`https:${url.trim().replace(/^[/\\]+/, '//')}\`, or copy the image into the project`,
        position,
        'invalid-src'
      )
      return undefined
    }
    if (urlScheme(url) !== undefined) {
      report(
        file,
        `${what} ${quoted(url)} uses a scheme that is not allowed: use a relative path to an image in the project, or an http(s) address`,
        position,
        'invalid-src'
      )
      return undefined
    }
    if (options.files === false) return url
    let decoded = url
    try {
      decoded = decodeURI(url)
    } catch {
      // Keep the raw value: it is then looked up as written.
    }
    if (decoded.includes('\0') || path.isAbsolute(decoded) || /^[a-z]:[\\/]/i.test(decoded)) {
      report(file, `${what} ${quoted(url)} is not a relative path: use a path relative to the brief, inside the project, e.g. \`images/photo.jpg\``, position, 'image-outside-project')
      return undefined
    }
    const absolute = path.resolve(briefDir, decoded.split(/[?#]/)[0])
    const real = safeRealpath(absolute)
    if (!isInside(root, real ?? absolute)) {
      report(file, `${what} ${quoted(url)} is outside the project: keep images in the project folder (for example next to the brief)`, position, 'image-outside-project')
      return undefined
    }
    if (!real || !fs.statSync(real).isFile()) {
      report(
        file,
        `${what} ${quoted(url)} does not exist (looked for ${quoted(path.relative(root, absolute).split(path.sep).join('/'))}): check the path, which is relative to the brief`,
        position,
        'missing-image'
      )
      return undefined
    }
    const relative = path.relative(root, real).split(path.sep)
    if ([...decoded.split(/[\\/]/), ...relative].some((part) => part.startsWith('.') && part !== '.' && part !== '..')) {
      report(
        file,
        `${what} ${quoted(url)} is a hidden file or inside a hidden folder (such as \`.git/\`), which is never published: move the image into an ordinary folder, e.g. \`images/\``,
        position,
        'image-hidden-path'
      )
      return undefined
    }
    const bytes = readImageFile(real)
    const checked = checkImageFile(real, bytes)
    if ('problem' in checked) {
      report(file, `${what} ${quoted(url)} ${checked.problem}`, position, 'not-an-image')
      return undefined
    }
    const target = `assets/${relative.join('/')}`
    if (checked.kind === 'svg') {
      const content = svgContent(real, bytes, url, position, what)
      if (content === undefined) return undefined
      assets.set(target, {from: real, to: target, content})
    } else assets.set(target, {from: real, to: target})
    return target
  }

  /** Sanitized SVG by file, so that a picture used twice is read once; and the SVG bytes read so far. */
  const sanitized = new Map<string, string | undefined>()
  let svgBytes = 0

  /** The SVG as it will be published: sanitized, with a warning that says what was taken out. */
  const svgContent = (real: string, bytes: Buffer, url: string, position: Position | undefined, what: string): string | undefined => {
    if (sanitized.has(real)) return sanitized.get(real)
    svgBytes += bytes.length
    if (bytes.length > SVG_LIMITS.file || svgBytes > SVG_LIMITS.brief) {
      const over = bytes.length > SVG_LIMITS.file ? `is ${Math.ceil(bytes.length / 1024)} KiB, over the limit of ${SVG_LIMITS.file / 1024} KiB for an SVG image` : `brings this brief's SVG images over ${SVG_LIMITS.brief / 1024} KiB in all`
      report(file, `${what} ${quoted(url)} ${over}: simplify the drawing, or export it as PNG or WebP`, position, 'image-too-large')
      sanitized.set(real, undefined)
      return undefined
    }
    sanitized.set(real, sanitizeOnce(bytes, url, position, what))
    return sanitized.get(real)
  }

  const sanitizeOnce = (bytes: Buffer, url: string, position: Position | undefined, what: string): string | undefined => {
    try {
      const {svg, removed} = (options.sanitizeSvg ?? sanitizeSvgCached)(bytes.toString('utf8'))
      if (removed.length > 0) {
        report(
          file,
          `${what} ${quoted(url)} had what a picture must not have, taken out of the published copy: ${listRemoved(removed)}. Check that the picture still looks right, or export it again without them`,
          position,
          'svg-sanitized'
        )
      }
      return svg
    } catch (error) {
      if (!(error instanceof SvgError)) throw error
      report(file, `${what} ${quoted(url)} ${error.message}`, position, 'invalid-svg')
      return undefined
    }
  }

  const checkCredit = (key: string | undefined, position: Position | undefined): void => {
    if (key === undefined) {
      report(
        file,
        'This image has no credit: use `::figure{src="…" alt="…" credit=key}` with a `::credit{#key …}` that names its author and licence',
        position,
        'missing-credit'
      )
      return
    }
    if (!data.credits.has(key)) {
      report(
        file,
        `Unknown credit ${quoted(key)}.${didYouMean(key, data.credits.keys())} Define it with \`::credit{#${key} author="…" license="CC-BY-4.0"}\` or fix the key`,
        position,
        'unknown-credit'
      )
    }
  }

  visit(tree, (node) => {
    if (node.type === 'figure') {
      const figure = node as Figure
      figure.href = locate(figure.src, figure.srcPosition ?? figure.position, '`src`')
      checkCredit(figure.creditKey, figure.creditPosition ?? figure.position)
    } else if (node.type === 'image') {
      const image = node as Image
      image.data = {...image.data, sourceAlt: sourceAlt(source, image)}
      // A Marp background (`![bg](texture.png)`) without a description is decorative; every other image needs one.
      const written = image.data.sourceAlt ?? ''
      if (altWithoutMarpKeywords(written).trim() === '' && !/(^|\s)bg(\s|$)/.test(written)) {
        report(
          file,
          'This image has no alt text: describe it for people who cannot see it, between the brackets after any Marp keywords, e.g. `![bg right Missiles over Jerusalem at night](photo.jpg)`',
          image.position,
          'missing-alt'
        )
      }
      const href = locate(image.url, image.position, 'Image')
      if (href) image.data.href = href
      // A refused address goes, so that no pipeline (remark-rehype without a sanitizer, say) can emit it.
      else image.url = ''
      checkCredit(undefined, image.position)
    }
  })

  for (const credit of data.credits.values()) {
    if (credit.licenseText === undefined) {
      report(
        file,
        `Credit \`#${credit.key}\` states no licence: add \`license="…"\` (e.g. \`CC-BY-4.0\`, \`public-domain\`, \`all-rights-reserved\`) once you know it`,
        credit.position,
        'credit-missing-license'
      )
    }
    if (!credit.author) {
      report(
        file,
        `Credit \`#${credit.key}\` names no author, so it says "Unknown author": add \`author="…"\` if the author is known`,
        credit.position,
        'credit-missing-author'
      )
    }
  }

  data.assets = [...assets.values()]
}

/** The alt text exactly as written (remark drops Marp keywords such as `right:40%`). */
function sourceAlt(source: string, image: Image): string {
  const start = image.position?.start.offset
  const end = image.position?.end.offset
  if (start === undefined || end === undefined) return image.alt ?? ''
  const match = /^!\[([^\]]*)\]/.exec(source.slice(start, end))
  return match ? match[1] : (image.alt ?? '')
}

function safeRealpath(value: string): string | undefined {
  try {
    return fs.realpathSync(value)
  } catch {
    return undefined
  }
}

/** How many of the things taken out of an SVG a warning names, before it counts the rest. */
const NAMED_REMOVALS = 8

/** What was taken out of an SVG, in a sentence that stays short when a drawing had thousands of them. */
export function listRemoved(removed: string[]): string {
  if (removed.length <= NAMED_REMOVALS) return removed.join('; ')
  const more = removed.length - NAMED_REMOVALS
  return `${removed.slice(0, NAMED_REMOVALS).join('; ')}; and ${more.toLocaleString('en-US')} more like them`
}
