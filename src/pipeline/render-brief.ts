/**
 * Analyze and render one brief: what runs inside the worker (or in process,
 * for the Eleventy plugin), with its result in a form that crosses threads.
 */
import type {VFile} from 'vfile'
import {hasErrors} from '../messages.js'
import type {AnalyzedBrief} from '../preset.js'
import type {Asset, BriefMeta} from '../types.js'
import {renderBriefPages, type PageOptions} from './brief-pages.js'
import type {Environment} from './project.js'

export interface RenderedBrief {
  /** Output files, relative to `out/<slug>/`: text, or its UTF-8 bytes when it comes from a worker (moved, not copied). */
  files: Array<[string, string | Uint8Array]>
  assets: Asset[]
  /** Files outside the brief its outputs depend on (bibliographies, a `.csl` style). */
  dependencies: string[]
  meta: BriefMeta
  /** The source line where each slide starts, for overflow reports. */
  slideLines: number[]
  /** Why nothing was written: a draft in a public build. */
  skipped?: 'draft'
}

/** Messages go on `file`; the pages come back only when there is no error. */
export async function renderBrief(
  file: VFile,
  env: Environment,
  analyze: (file: VFile) => AnalyzedBrief,
  pages: PageOptions = {}
): Promise<RenderedBrief | undefined> {
  const brief = analyze(file)
  const {meta} = brief.data
  // A public build leaves drafts out before anything else could stop it.
  if (brief.data.profile === 'public' && meta.draft) {
    // Skipped, not built: its problems are for when it is published.
    file.messages.length = 0
    file.data.related = []
    return {files: [], assets: [], dependencies: [], meta, slideLines: [], skipped: 'draft'}
  }
  if (hasErrors(file)) return undefined
  const rendered = await renderBriefPages(brief, file, env, pages)
  if (hasErrors(file)) return undefined
  return {
    files: [...rendered.files],
    assets: brief.data.assets,
    dependencies: brief.data.dependencies,
    meta: brief.data.meta,
    slideLines: rendered.plan.map((slide) => slide.line)
  }
}
