/**
 * Image files: tell what kind of image a file holds from its first bytes
 * (never from its name), and check that its extension matches, so that only
 * real PNG, JPEG, GIF, WebP, AVIF and SVG images are published.
 */
import fs from 'node:fs'
import path from 'node:path'

export type ImageKind = 'png' | 'jpeg' | 'gif' | 'webp' | 'avif' | 'svg'

/** The extensions each kind may have, the usual one first. */
export const EXTENSIONS: Record<ImageKind, string[]> = {
  png: ['.png'],
  jpeg: ['.jpg', '.jpeg'],
  gif: ['.gif'],
  webp: ['.webp'],
  avif: ['.avif'],
  svg: ['.svg']
}

const NAMES: Record<ImageKind, string> = {png: 'a PNG', jpeg: 'a JPEG', gif: 'a GIF', webp: 'a WebP', avif: 'an AVIF', svg: 'an SVG'}
const KINDS = 'briefdeck publishes only PNG, JPEG, GIF, WebP, AVIF and SVG images'

/** How far into a text file the `<svg` root element may start. */
const SVG_PROLOG_LIMIT = 64 * 1024

const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end))
const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((byte, index) => bytes[index] === byte)

/** The kind of image `bytes` hold, by their magic bytes, or `undefined`. */
export function sniffImage(bytes: Uint8Array): ImageKind | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg'
  if (/^GIF8[79]a$/.test(ascii(bytes, 0, 6))) return 'gif'
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp'
  if (isAvif(bytes)) return 'avif'
  if (svgProlog(bytes) === 'svg') return 'svg'
  return undefined
}

/** An ISO-BMFF file whose leading `ftyp` box names avif or avis as major or compatible brand. */
function isAvif(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== 'ftyp') return false
  const size = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0
  if (size < 16 || size % 4 !== 0) return false
  const end = Math.min(size, bytes.length)
  // Brands: the major one at 8, then the compatible ones from 16 (12 is the minor version).
  for (let at = 8; at + 4 <= end; at += at === 8 ? 8 : 4) {
    const brand = ascii(bytes, at, at + 4)
    if (brand === 'avif' || brand === 'avis') return true
  }
  return false
}

// What may come before the root element: whitespace, the XML declaration and
// other processing instructions, comments, and a DOCTYPE without internal subset.
const PROLOG_ITEM = /\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE\s+svg(?:\s+(?:PUBLIC\s+(?:"[^"]*"|'[^']*')\s+(?:"[^"]*"|'[^']*')|SYSTEM\s+(?:"[^"]*"|'[^']*')))?\s*>/iy

/** Whether text bytes are an SVG file (`'svg'`), one whose DOCTYPE has an internal subset (`'subset'`), or neither. */
function svgProlog(bytes: Uint8Array): 'svg' | 'subset' | undefined {
  if (bytes.includes(0)) return undefined
  // TextDecoder drops a leading UTF-8 byte order mark.
  const text = new TextDecoder('utf-8').decode(bytes.subarray(0, SVG_PROLOG_LIMIT))
  PROLOG_ITEM.lastIndex = 0
  let at = 0
  while (PROLOG_ITEM.test(text)) at = PROLOG_ITEM.lastIndex
  const rest = text.slice(at, at + 1000)
  if (/^<svg[\s/>]/.test(rest)) return 'svg'
  return /^<!DOCTYPE\s+svg\b(?:[^>["']|"[^"]*"|'[^']*')*\[/i.test(rest) ? 'subset' : undefined
}

/** How much of an image file tells its kind: its magic bytes, or an SVG's prolog. */
export const HEAD_BYTES = SVG_PROLOG_LIMIT

/**
 * The bytes of an image file that `checkImageFile` needs: the first
 * `HEAD_BYTES` of a raster image (PNG, JPEG, GIF, WebP, AVIF), which is copied
 * as it is and need not be read whole; all of any other file (an SVG is
 * sanitized, and a file of no known kind is checked through).
 */
export function readImageFile(file: string): Buffer {
  const descriptor = fs.openSync(file, 'r')
  try {
    const head = Buffer.alloc(HEAD_BYTES)
    const length = fs.readSync(descriptor, head, 0, HEAD_BYTES, 0)
    const kind = sniffImage(head.subarray(0, length))
    if (length < HEAD_BYTES || (kind !== undefined && kind !== 'svg')) return head.subarray(0, length)
  } finally {
    fs.closeSync(descriptor)
  }
  return fs.readFileSync(file)
}

/**
 * Check a file to publish: an image of a known kind, named with one of its
 * extensions (compared without case). The problem is a sentence fragment
 * about the file, such as "is not an image file (…)".
 */
export function checkImageFile(filePath: string, bytes: Uint8Array): {kind: ImageKind} | {problem: string} {
  const extension = path.extname(filePath).toLowerCase()
  const kind = sniffImage(bytes)
  if (!kind) {
    if (bytes.length === 0) return {problem: `is empty (${KINDS})`}
    if (svgProlog(bytes) === 'subset') {
      return {problem: 'is an SVG file whose DOCTYPE has an internal subset, which briefdeck does not read: delete the `[…]` part of its DOCTYPE, or export the image again without one'}
    }
    return {problem: `is not an image file (${KINDS})`}
  }
  if (EXTENSIONS[kind].includes(extension)) return {kind}
  const named = extension ? `is named \`${extension}\`` : 'has no extension'
  return {problem: `holds ${NAMES[kind]} image but ${named}: rename it to \`${EXTENSIONS[kind][0]}\``}
}
