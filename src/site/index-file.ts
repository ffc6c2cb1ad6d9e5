/**
 * out/index.html, rewritten only when what it shows changed: the briefs'
 * titles, dates, languages and files, the PDFs' sizes, the labels, and the
 * templates and settings (the environment key). A save in `serve` that changes
 * a brief's text but not its entry leaves the index as it is.
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import type {Manifest} from '../publish/manifest.js'
import {insideOut, writeFileAtomic} from '../publish/write.js'
import type {Templates} from '../render/templates.js'
import type {Labels} from '../i18n/index.js'

export interface IndexFileOptions {
  /** The templates, loaded only when the page is written. */
  templates: () => Promise<Templates>
  labels?: Labels
  /** Fingerprint of the themes, templates, settings and version (see pipeline/cache.ts). */
  environment: string
}

/** Load the page's renderer and templates now, while this thread waits for the workers, if the page is likely to change. */
export function preloadIndexPage(options: Pick<IndexFileOptions, 'templates'>): void {
  // A template's mistake is reported when the page is written.
  void Promise.all([import('./index-page.js'), options.templates()]).catch(() => {})
}

/** Write out/index.html unless it is there and shows the same; records what it shows in `manifest.index`. */
export async function writeIndexFile(outDir: string, manifest: Manifest, options: IndexFileOptions): Promise<void> {
  const entries = Object.values(manifest.briefs)
  const file = insideOut(outDir, 'index.html')
  const sizes = new Map(entries.flatMap((entry) => entry.files.filter((name) => name.endsWith('.pdf')).map((name) => [name, sizeOf(insideOut(outDir, name))])))
  // In the order of their names: briefs built in parallel reach the manifest in the order they finish.
  // Any fixed order does for a key: code units, not localeCompare (a collator per call, 8 ms for 200 briefs).
  const shown = [...entries].sort((a, b) => byCodeUnits(a.slug, b.slug)).map(({slug, source, meta, profile, files}) => [slug, source, meta, profile ?? null, files])
  const key = createHash('sha256')
    .update(JSON.stringify([options.environment, options.labels ?? null, shown, [...sizes].sort(([a], [b]) => byCodeUnits(a, b))]))
    .digest('hex')
  if (manifest.index === key && fs.existsSync(file)) return
  // The page's renderer (an HTML parser, Handlebars) loads only for a page that changed.
  const [{renderIndexPage}, templates] = await Promise.all([import('./index-page.js'), options.templates()])
  writeFileAtomic(file, renderIndexPage(entries, templates, {css: templates.asset('index.css'), labels: options.labels, sizeOf: (name) => sizes.get(name)}))
  manifest.index = key
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function sizeOf(file: string): number | undefined {
  try {
    return fs.statSync(file).size
  } catch {
    return undefined
  }
}
