/**
 * Citation styles: `briefdeck` (the numbered house style), the CSL styles
 * shipped in csl/styles/, and any `.csl` file in the project. A style
 * describes itself: its class (in-text or note) and citation format.
 */
import fs from 'node:fs'
import path from 'node:path'
import {PACKAGE_DIR} from '../package.js'

export const HOUSE_STYLE = 'briefdeck'
export const CSL_DIR = path.join(PACKAGE_DIR, 'csl')

/** Short names for the shipped styles, beside their file names. */
export const STYLE_ALIASES: Record<string, string> = {
  chicago: 'chicago-notes-bibliography',
  'chicago-notes': 'chicago-notes-bibliography',
  'chicago-shortened-notes': 'chicago-shortened-notes-bibliography',
  mla: 'modern-language-association',
  harvard: 'harvard-cite-them-right',
  apsa: 'american-political-science-association',
  'new-harts-rules': 'new-harts-rules-notes-label-page'
}

export type CitationFormat = 'numeric' | 'author-date' | 'author' | 'note' | 'label'

export interface CslStyle {
  /** The name it was asked by, or the file's path relative to the project. */
  name: string
  /** The style's own title, from its `<info>`. */
  title: string
  xml: string
  /** `note` styles put citations in notes; `in-text` ones in the text. */
  class: 'in-text' | 'note'
  format: CitationFormat
}

/** The shipped styles' names (file names without `.csl`), sorted. */
export function shippedStyles(): string[] {
  // Read once per process: every brief with a citation style asks.
  shippedNames ??= fs
    .readdirSync(path.join(CSL_DIR, 'styles'))
    .filter((name) => name.endsWith('.csl'))
    .map((name) => name.slice(0, -4))
    .sort()
  return [...shippedNames]
}

let shippedNames: string[] | undefined

const shippedCache = new Map<string, CslStyle>()

/** A shipped style by name or alias, or undefined. */
export function shippedStyle(name: string): CslStyle | undefined {
  const file = STYLE_ALIASES[name] ?? name
  if (!shippedStyles().includes(file)) return undefined
  let style = shippedCache.get(file)
  if (!style) {
    const xml = fs.readFileSync(path.join(CSL_DIR, 'styles', `${file}.csl`), 'utf8')
    const described = describeStyle(xml)
    if (typeof described === 'string') throw new Error(`The shipped style ${file} is not valid: ${described}`)
    style = {name: file, xml, ...described}
    shippedCache.set(file, style)
  }
  return style
}

/**
 * What a CSL file says about itself, or a sentence saying why it is not an
 * independent CSL 1.0 style that citeproc can use.
 */
export function describeStyle(xml: string): Omit<CslStyle, 'name' | 'xml'> | string {
  const root = /<style\b([^>]*)>/.exec(xml)
  if (!root) return 'it has no <style> element, so it is not a CSL style'
  const attributes = root[1] ?? ''
  if (!/xmlns="http:\/\/purl\.org\/net\/xbiblio\/csl"/.test(attributes)) return 'its <style> element is not in the CSL namespace (xmlns="http://purl.org/net/xbiblio/csl")'
  const styleClass = /\bclass="(in-text|note)"/.exec(attributes)?.[1] as CslStyle['class'] | undefined
  if (!styleClass) return 'its <style> element has no class="in-text" or class="note"'
  if (/<link\b[^>]*rel="independent-parent"/.test(xml) || !/<citation\b/.test(xml)) {
    return 'it is a dependent style (it only points at another style): use the style it names as its "independent-parent" instead'
  }
  const format = (/<category\b[^>]*citation-format="([a-z-]+)"/.exec(xml)?.[1] ?? (styleClass === 'note' ? 'note' : 'author-date')) as CitationFormat
  const title = /<info>[\s\S]*?<title>([^<]*)<\/title>/.exec(xml)?.[1]?.trim() ?? 'Untitled style'
  return {class: styleClass, format, title}
}

let primaryDialects: Record<string, string> | undefined

/**
 * The CSL locale for a BCP 47 tag: the exact file, else the language's primary
 * dialect (as locales.json says), else en-US (`fallback` is then true).
 */
export function localeFor(lang: string): {locale: string; fallback: boolean} {
  const available = (tag: string) => fs.existsSync(path.join(CSL_DIR, 'locales', `locales-${tag}.xml`))
  const parts = lang.split('-')
  const language = (parts[0] ?? '').toLowerCase()
  const region = parts.find((part, index) => index > 0 && /^[A-Za-z]{2}$|^\d{3}$/.test(part))
  const exact = region ? `${language}-${region.toUpperCase()}` : language
  if (/^[a-z]{2,3}(-[A-Z]{2}|-\d{3})?$/.test(exact) && available(exact)) return {locale: exact, fallback: false}
  primaryDialects ??= (JSON.parse(fs.readFileSync(path.join(CSL_DIR, 'locales', 'locales.json'), 'utf8')) as {'primary-dialects': Record<string, string>})['primary-dialects']
  const primary = primaryDialects[language]
  if (primary && available(primary)) return {locale: primary, fallback: false}
  return {locale: 'en-US', fallback: true}
}

/** The XML of a locale file, for citeproc. */
export function localeXml(locale: string): string | undefined {
  if (!/^[a-z]{2,3}(-[A-Z]{2}|-\d{3})?$/.test(locale)) return undefined
  const file = path.join(CSL_DIR, 'locales', `locales-${locale}.xml`)
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined
}
