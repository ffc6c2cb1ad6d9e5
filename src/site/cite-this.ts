/**
 * Cite this brief: the brief as a bibliography entry (CSL-JSON, BibLaTeX and
 * RIS files beside its pages), Highwire `citation_*` meta tags that Zotero's
 * connector reads, and the "Cite as" line in the brief's own citation style.
 */
import {citationJs} from '../bibliography/citation-js.js'
import {cslDate, type CslItem, type CslName} from '../bibliography/csl.js'
import {formatCitations} from '../bibliography/format.js'
import type {StyleChoice} from '../bibliography/resolve-style.js'
import {cslText} from '../resolve/csl-html.js'
import type {BriefMeta} from '../types.js'

export {CITE_FILES} from './cite-files.js'

/** `Dana Stroul` → family and given names; a name of one word stays literal. */
function personName(name: string): CslName {
  const parts = name.trim().split(/\s+/)
  if (parts.length < 2) return {literal: name.trim()}
  return {given: parts.slice(0, -1).join(' '), family: parts.at(-1) as string}
}

export interface BriefItemOptions {
  slug: string
  /** Where the site is published, e.g. `https://example.org/briefs` (default: none, so no URL). */
  siteUrl?: string
}

/** The brief as a CSL item: a report by its authors, published by its organization. */
export function briefItem(meta: BriefMeta, options: BriefItemOptions): CslItem {
  // One line each: a line break in a title must not start a new RIS tag or BibTeX field.
  const line = (value: string) => value.replace(/\s+/g, ' ').trim()
  const title = line(meta.subtitle ? `${meta.title}: ${meta.subtitle}` : meta.title)
  const item: CslItem = {id: options.slug, type: 'report', title, language: meta.lang}
  if (meta.authors.length > 0) item.author = meta.authors.map((name) => personName(line(name)))
  else if (meta.organization) item.author = [{literal: line(meta.organization)}]
  if (meta.organization) item.publisher = line(meta.organization)
  const issued = meta.date ? cslDate(meta.date) : undefined
  if (issued) item.issued = issued
  if (meta.version) item.version = line(meta.version)
  if (options.siteUrl) item.URL = `${options.siteUrl.replace(/\/+$/, '')}/${encodeURIComponent(options.slug)}/handout.html`
  return item
}

/** cite.json (CSL-JSON), cite.bib (BibLaTeX, keyed by the slug) and cite.ris. */
export function citeFiles(item: CslItem): Array<[string, string]> {
  const plugins = citationJs()
  const bibtex = plugins.config.get('@bibtex')
  const format = bibtex.format as {useIdAsLabel?: boolean}
  const before = format.useIdAsLabel
  format.useIdAsLabel = true
  try {
    return [
      ['cite.json', `${JSON.stringify([item], null, 2)}\n`],
      ['cite.bib', String(plugins.output.format('biblatex', [item]))],
      ['cite.ris', String(plugins.output.format('ris', [item]))]
    ]
  } finally {
    format.useIdAsLabel = before
  }
}

/** Highwire Press tags, as Google Scholar and Zotero's connector read them. */
export function highwireTags(item: CslItem, options: {pdf?: string} = {}): Array<{name: string; content: string}> {
  const tags: Array<{name: string; content: string}> = [{name: 'citation_title', content: String(item.title)}]
  for (const name of item.author ?? []) tags.push({name: 'citation_author', content: name.literal ?? `${name.family}, ${name.given}`})
  const parts = item.issued?.['date-parts']?.[0]
  if (parts) tags.push({name: 'citation_publication_date', content: parts.map((part) => String(part).padStart(2, '0')).join('/')})
  if (item.publisher) {
    tags.push({name: 'citation_publisher', content: item.publisher})
    tags.push({name: 'citation_technical_report_institution', content: item.publisher})
  }
  if (typeof item.language === 'string') tags.push({name: 'citation_language', content: item.language})
  if (item.URL) tags.push({name: 'citation_public_url', content: item.URL})
  if (options.pdf) tags.push({name: 'citation_pdf_url', content: options.pdf})
  return tags
}

/** The "Cite as" text in the brief's citation style (its bibliography entry), or undefined for the house style. */
export function styledCiteAs(item: CslItem, choice: StyleChoice | undefined): string | undefined {
  if (!choice) return undefined
  let entry: {html: string} | undefined
  try {
    entry = formatCitations(choice.style, choice.locale, new Map([[item.id, item]]), [], [item.id]).bibliography[0]
  } catch {
    return undefined
  }
  // Without the label column of numeric styles (`[1]`): the brief is not item 1 of anything.
  return entry ? cslText(entry.html.replace(/<div class="csl-left-margin">[\s\S]*?<\/div>/, '')) : undefined
}
