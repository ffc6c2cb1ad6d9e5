/**
 * Analyze and render one brief: what runs inside the worker (or in process,
 * for the Eleventy plugin), with its result in a form that crosses threads.
 */
import type {VFile} from 'vfile'
import {analyzeBrief} from '../analyze.js'
import {planSlides} from '../deck/slides.js'
import {hasErrors} from '../messages.js'
import type {Asset, BriefMeta, HandoutLayout, PaperSize} from '../types.js'
import {renderBriefPages, type PageOptions} from './brief-pages.js'
import type {Environment} from './project.js'

export interface RenderSettings {
  root: string
  strict?: boolean
  defaultTheme?: string
  defaultHandoutLayout?: HandoutLayout
  defaultPaper?: PaperSize
  allowStyles?: boolean
  pages?: PageOptions
}

export interface RenderedBrief {
  /** Output files, relative to `out/<slug>/`. */
  files: Array<[string, string]>
  assets: Asset[]
  meta: BriefMeta
  /** The source line where each slide starts, for overflow reports. */
  slideLines: number[]
}

/** Messages go on `file`; the pages come back only when there is no error. */
export async function renderBrief(file: VFile, env: Environment, settings: RenderSettings): Promise<RenderedBrief | undefined> {
  const brief = analyzeBrief(file, {
    themes: env.themeNames,
    root: settings.root,
    defaultTheme: settings.defaultTheme,
    defaultHandoutLayout: settings.defaultHandoutLayout,
    defaultPaper: settings.defaultPaper,
    allowStyles: settings.allowStyles
  })
  if (settings.strict) for (const message of file.messages) message.fatal = true
  if (hasErrors(file)) return undefined
  const pages = await renderBriefPages(brief, file, env, settings.pages)
  return {
    files: [...pages.files],
    assets: brief.data.assets,
    meta: brief.data.meta,
    slideLines: planSlides(brief.tree, brief.data).map((slide) => slide.line)
  }
}
