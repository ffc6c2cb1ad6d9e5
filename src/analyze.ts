/**
 * Everything a brief can influence passes through here before any renderer
 * sees it: parse once, read the front matter, lower and check annotations,
 * resolve citations, images and lists.
 */
import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {checkLimits, type Limits} from './parse/limits.js'
import {checkLinks} from './resolve/links.js'
import {checkRawStyles, type StyleOptions} from './resolve/styles.js'
import {lowerAnnotations} from './annotations/index.js'
import {defaultMeta, readFrontmatter, type FrontmatterOptions} from './parse/frontmatter.js'
import {parseBrief} from './parse/parse.js'
import {resolveCitations} from './resolve/citations.js'
import {resolveImages, type ImageOptions} from './resolve/images.js'
import {placeLists} from './resolve/lists.js'
import type {BriefData} from './types.js'

export interface AnalyzeOptions extends FrontmatterOptions, ImageOptions, StyleOptions {
  /** Size and nesting limits (default: see `Limits`). */
  limits?: Limits
}

export interface AnalyzedBrief {
  tree: Root
  data: BriefData
}

/** Parse and validate a brief. Problems are messages on `file`; the result is always usable. */
export function analyzeBrief(file: VFile, options: AnalyzeOptions): AnalyzedBrief {
  if (!checkLimits(file, options.limits)) {
    const data: BriefData = {meta: defaultMeta(options), sources: new Map(), credits: new Map(), assets: []}
    return {tree: {type: 'root', children: []}, data}
  }
  const tree = parseBrief(file)
  const meta = readFrontmatter(tree, file, options)
  const data: BriefData = {meta, sources: new Map(), credits: new Map(), assets: []}
  file.data.brief = data
  lowerAnnotations(tree, file, data)
  checkRawStyles(tree, file, options)
  checkLinks(tree, file)
  resolveCitations(tree, file, data)
  resolveImages(tree, file, data, options)
  placeLists(tree, data)
  return {tree, data}
}
