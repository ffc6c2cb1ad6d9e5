/**
 * The index page: every brief in `out/`, with links to its deck and handout.
 */
import type {ManifestEntry} from '../publish/manifest.js'
import {pagePolicy, serializePolicy} from '../render/csp.js'
import type {Templates} from '../render/templates.js'
import {CITE_FILES} from './cite-files.js'

export interface IndexPageOptions {
  /** Page heading (default: `Briefings`). */
  title?: string
  /** CSS for the page (default: none). */
  css?: string
}

export function renderIndexPage(entries: ManifestEntry[], templates: Templates, options: IndexPageOptions = {}): string {
  const briefs = [...entries].sort(
    (a, b) => (b.meta.date ?? '').localeCompare(a.meta.date ?? '') || a.meta.title.localeCompare(b.meta.title)
  )
  const labels: Record<(typeof CITE_FILES)[number], string> = {'cite.json': 'CSL-JSON', 'cite.bib': 'BibTeX', 'cite.ris': 'RIS'}
  const listed = briefs.map((entry) => ({
    ...entry,
    cite: CITE_FILES.filter((name) => entry.files.includes(`${entry.slug}/${name}`)).map((name) => ({href: `${entry.slug}/${name}`, label: labels[name]}))
  }))
  return templates.index({title: options.title ?? 'Briefings', css: options.css ?? '', briefs: listed, csp: serializePolicy(pagePolicy())})
}
