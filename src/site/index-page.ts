/**
 * The index page: every brief in `out/`, with links to its deck and handout.
 */
import type {ManifestEntry} from '../publish/manifest.js'
import {pagePolicy, serializePolicy} from '../render/csp.js'
import type {Templates} from '../render/templates.js'
import {CITE_FILES} from './cite-files.js'
import {FONTS_DIR, fontFaceCss} from '../render/fonts.js'
import {directionOf} from '../i18n/direction.js'
import {localizer, type Localizer} from '../i18n/localize.js'
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
  /** The size in bytes of an output file (relative to `out/`), for the PDFs' links (default: none shown). */
  sizeOf?: (file: string) => number | undefined
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
    handout: entry.files.includes(`${entry.slug}/handout.html`),
    pdfs: pdfLinks(entry, words, options.sizeOf),
    cite: CITE_FILES.filter((name) => entry.files.includes(`${entry.slug}/${name}`)).map((name) => ({href: `${entry.slug}/${name}`, label: labels[name]}))
  }))
  return templates.index({title: options.title ?? words.text('indexTitle'), words, css: options.css ?? '', fontsCss: fontFaceCss(`${FONTS_DIR}/`), briefs: listed, csp: serializePolicy(pagePolicy())})
}

/** Links to a brief's PDFs that exist, each with its size in the page's language ("Slides (PDF, 152 kB)"). */
function pdfLinks(entry: ManifestEntry, words: Localizer, sizeOf: IndexPageOptions['sizeOf']): Array<{href: string; label: string; className: string}> {
  const links = [
    {name: 'deck.pdf', key: 'slidesPdfLink', className: 'deck-pdf-link'},
    {name: 'handout.pdf', key: 'handoutPdfLink', className: 'handout-pdf-link'}
  ] as const
  return links
    .filter((link) => entry.files.includes(`${entry.slug}/${link.name}`))
    .map((link) => {
      const href = `${entry.slug}/${link.name}`
      return {href, className: link.className, label: words.text(link.key, {size: fileSize(sizeOf?.(href), words.lang)})}
    })
}

/** A file size in kB or MB, in the language's digits and unit names; `PDF` alone when unknown. */
export function fileSize(bytes: number | undefined, lang: string): string {
  if (bytes === undefined) return '?'
  const megabytes = bytes >= 1_000_000
  return new Intl.NumberFormat(lang, {style: 'unit', unit: megabytes ? 'megabyte' : 'kilobyte', maximumFractionDigits: megabytes ? 1 : 0}).format(
    megabytes ? bytes / 1_000_000 : Math.max(1, Math.round(bytes / 1000))
  )
}

/** The language most briefs are written in (the first such in sorted order on a tie); English when there are none. */
export function commonLanguage(langs: string[]): string {
  const counts = new Map<string, number>()
  for (const lang of langs) counts.set(lang, (counts.get(lang) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'en'
}
