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
  /** Output files, relative to `out/<slug>/`. */
  files: Array<[string, string]>
  assets: Asset[]
  /** Files outside the brief its outputs depend on (bibliographies, a `.csl` style). */
  dependencies: string[]
  meta: BriefMeta
  /** The source line where each slide starts, for overflow reports. */
  slideLines: number[]
}

/** Messages go on `file`; the pages come back only when there is no error. */
export async function renderBrief(
  file: VFile,
  env: Environment,
  analyze: (file: VFile) => AnalyzedBrief,
  pages: PageOptions = {}
): Promise<RenderedBrief | undefined> {
  const brief = analyze(file)
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
