/**
 * The Content-Security-Policy every page we write carries: only what the
 * page needs, so even a payload that slipped through cannot run or call out.
 */
import {createHash} from 'node:crypto'
import type {Element, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {toString} from 'hast-util-to-string'
import {selectAll} from 'hast-util-select'

export type Policy = Record<string, string[]>

export interface PolicyOptions {
  /** Inline scripts the page runs, allowed by hash (default: none: no script at all). */
  scripts?: string[]
}

export function pagePolicy(options: PolicyOptions = {}): Policy {
  const scripts = options.scripts ?? []
  return {
    'default-src': ["'none'"],
    'script-src': scripts.length > 0 ? [...new Set(scripts.map(scriptHash))] : ["'none'"],
    // Marp sets sizes and backgrounds in style attributes; our pages carry their CSS inline.
    'style-src': ["'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'https:'],
    'font-src': ["'self'", 'data:'],
    'media-src': ["'self'", 'data:', 'https:'],
    'connect-src': ["'none'"],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"]
  }
}

export function serializePolicy(policy: Policy): string {
  return Object.entries(policy)
    .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
    .join('; ')
}

export function parsePolicy(value: string): Policy {
  const policy: Policy = {}
  for (const part of value.split(';')) {
    const [directive, ...sources] = part.trim().split(/\s+/)
    if (directive) policy[directive] = sources
  }
  return policy
}

/** `'sha256-…'` of an inline script, as CSP wants it. */
export function scriptHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`
}

/** The contents of every inline script in some HTML (marp-core puts one inside the last slide). */
export function inlineScripts(html: string): string[] {
  const tree: Root = fromHtml(html, {fragment: true})
  return selectAll('script:not([src])', tree)
    .filter((script: Element) => {
      const type = String(script.properties.type ?? '')
      return type === '' || /javascript|module/.test(type)
    })
    .map((script) => toString(script))
}
