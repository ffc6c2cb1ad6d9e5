/**
 * The index page: every brief in `out/`, with links to its deck and handout.
 */
import type {ManifestEntry} from '../publish/manifest.js'
import {pagePolicy, serializePolicy} from '../render/csp.js'
import type {Templates} from '../render/templates.js'
import {CITE_FILES} from './cite-files.js'
import {directionOf} from '../i18n/direction.js'
import {localizer} from '../i18n/localize.js'
import {resolveLabels, type Labels} from '../i18n/labels.js'

export interface IndexPageOptions {
  /** Page heading (default: the `indexTitle` message, "Briefings"). */
  title?: string
  /** The page's language (default: the one most briefs are written in; English when none is). */
  lang?: string
  /** The team's wording (the `labels` setting; default: none). */
  labels?: Labels
  /** CSS for the page (default: none). */
  css?: string
}

export function renderIndexPage(entries: ManifestEntry[], templates: Templates, options: IndexPageOptions = {}): string {
  const briefs = [...entries].sort(
    (a, b) => (b.meta.date ?? '').localeCompare(a.meta.date ?? '') || a.meta.title.localeCompare(b.meta.title)
  )
  const labels: Record<(typeof CITE_FILES)[number], string> = {'cite.json': 'CSL-JSON', 'cite.bib': 'BibTeX', 'cite.ris': 'RIS'}
  const words = localizer(options.lang ?? commonLanguage(entries.map((entry) => entry.meta.lang)), resolveLabels(options.labels))
  const listed = briefs.map((entry) => ({
    ...entry,
    dir: directionOf(entry.meta.lang),
    cite: CITE_FILES.filter((name) => entry.files.includes(`${entry.slug}/${name}`)).map((name) => ({href: `${entry.slug}/${name}`, label: labels[name]}))
  }))
  return templates.index({title: options.title ?? words.text('indexTitle'), words, css: options.css ?? '', briefs: listed, csp: serializePolicy(pagePolicy())})
}

/** The language most briefs are written in (the first such in sorted order on a tie); English when there are none. */
export function commonLanguage(langs: string[]): string {
  const counts = new Map<string, number>()
  for (const lang of langs) counts.set(lang, (counts.get(lang) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'en'
}
