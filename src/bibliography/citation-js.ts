/**
 * citation-js with its BibTeX and RIS plugins, loaded on first use (a build
 * of briefs without bibliography files pays for it once, for "cite this brief").
 */
import {createRequire} from 'node:module'

/** The part of citation-js's plugin registry briefdeck uses. */
export interface CitationJsPlugins {
  input: {chain(data: unknown, options?: {target?: string; forceType?: string; generateGraph?: boolean}): unknown}
  output: {format(name: string, data: unknown, options?: Record<string, unknown>): unknown}
  config: {get(name: string): Record<string, Record<string, unknown>>}
}

const require = createRequire(import.meta.url)
let loaded: CitationJsPlugins | undefined

/** citation-js's plugin registry, configured as briefdeck reads BibTeX. */
export function citationJs(): CitationJsPlugins {
  if (loaded) return loaded
  const core = require('@citation-js/core') as {plugins: CitationJsPlugins}
  require('@citation-js/plugin-bibtex')
  require('@citation-js/plugin-ris')
  const parse = core.plugins.config.get('@bibtex').parse
  // BibTeX titles are title case with {Protected} words; CSL wants sentence case with the protection kept, so
  // that a style's own casing (title case in Chicago, sentence case in APA) comes out right.
  if (parse) Object.assign(parse, {sentenceCase: 'english', strict: false, biblatex: true})
  loaded = core.plugins
  return loaded
}
