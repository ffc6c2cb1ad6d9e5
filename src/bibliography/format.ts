/**
 * Format a brief's citations and bibliography with citeproc-js: one engine
 * per style and locale, kept for the next brief (building one costs more than
 * formatting a brief), its state rebuilt from this brief's citations.
 */
import {createHash} from 'node:crypto'
import {createRequire} from 'node:module'
import type {CitationData, Engine} from 'citeproc'
import type {CslItem} from './csl.js'
import {localeXml, type CslStyle} from './styles.js'
import {withMacroIndex} from './macro-index.js'
import {withSortMacroCache} from './sort-macro-cache.js'

export interface CiteInput {
  items: Array<{id: string; locator?: string; label?: string; prefix?: string; suffix?: string; 'suppress-author'?: boolean}>
  /** Narrative: also give the authors as the text says them (citeproc's author-only form). */
  narrative?: boolean
  /** The note the citation is in (note styles), else 0. */
  noteIndex: number
}

export interface Formatted {
  /** One HTML string per citation, in the order given. */
  citations: string[]
  /** For narrative citations, the author-only form ('' when the style has none, as numeric ones). */
  leads: Array<string | undefined>
  /** Bibliography entries in the style's order: id and HTML. */
  bibliography: Array<{id: string; html: string}>
  /** Whether the style puts a label (`[1]`) in a column before each entry. */
  leftMargin: boolean
}

interface Slot {
  engine: Engine
  items: Map<string, CslItem>
}

const engines = new Map<string, Slot>()
const require = createRequire(import.meta.url)
let citeproc: typeof import('citeproc').default | undefined

/** citeproc-js, loaded on first use: briefs in the house style never pay for it. */
function csl(): typeof import('citeproc').default {
  citeproc ??= require('citeproc') as typeof import('citeproc').default
  return citeproc
}

/** The engine for a style and locale (made once per process). */
function slotFor(style: CslStyle, locale: string): Slot {
  const key = `${createHash('sha256').update(style.xml).digest('hex')}\0${locale}`
  let slot = engines.get(key)
  if (!slot) {
    const items = new Map<string, CslItem>()
    const CSL = csl()
    const sys = {retrieveLocale: (lang: string) => localeXml(lang), retrieveItem: (id: string) => items.get(id)}
    const engine = withMacroIndex(CSL, () => withSortMacroCache(CSL, () => new CSL.Engine(sys, style.xml, locale, true)))
    // Links for URLs and DOIs in references, as Zotero and Pandoc write them.
    engine.opt.development_extensions.wrap_url_and_doi = true
    slot = {engine, items}
    engines.set(key, slot)
  }
  return slot
}

/** Check that citeproc can build an engine from a style; returns its complaint, if any. */
export function styleProblem(style: CslStyle): string | undefined {
  try {
    slotFor(style, 'en-US')
    return undefined
  } catch (error) {
    return String((error as Error).message ?? error).split('\n')[0]
  }
}

/** Format citations (in document order) and the bibliography of the cited items plus `uncited`. */
export function formatCitations(style: CslStyle, locale: string, items: Map<string, CslItem>, cites: CiteInput[], uncited: string[]): Formatted {
  const slot = slotFor(style, locale)
  // Entries of earlier briefs stay retrievable (citeproc-js may look an old id up while it rebuilds);
  // this brief's entries replace any of the same id.
  for (const [id, item] of items) slot.items.set(id, item)
  const data: CitationData[] = cites.map((cite, index) => ({
    citationID: `c${index + 1}`,
    citationItems: cite.items.map((item) => ({...item})),
    properties: {noteIndex: cite.noteIndex}
  }))
  const lead = (cite: CiteInput): string | undefined => {
    if (!cite.narrative) return undefined
    const html = slot.engine.previewCitationCluster({citationItems: cite.items.map((item) => ({id: item.id, 'author-only': true})), properties: {noteIndex: 0}}, [], [], 'html')
    return /NO_PRINTED_FORM/.test(html) ? '' : html
  }
  // A fresh state for every brief: items and citations of the last brief are forgotten.
  slot.engine.updateItems([])
  slot.engine.updateUncitedItems([])
  const result = slot.engine.rebuildProcessorState(data, 'html', uncited)
  const byId = new Map(result.map(([id, , html]) => [id, html]))
  const bibliography = slot.engine.makeBibliography()
  const entries = bibliography
    ? bibliography[1].map((html, index) => ({id: bibliography[0].entry_ids[index]?.[0] ?? '', html}))
    : []
  const leads = cites.map(lead)
  return {
    citations: data.map((citation) => byId.get(citation.citationID) ?? ''),
    leads,
    bibliography: entries,
    leftMargin: bibliography ? bibliography[0]['second-field-align'] === 'flush' || bibliography[0]['second-field-align'] === 'margin' : false
  }
}
