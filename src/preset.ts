/**
 * briefdeck as one unified preset: the syntax (front matter, GFM, directives,
 * math), the limits checked before parsing, then the analysis steps in order:
 * front matter → annotations → styles → links → citations → images → lists.
 * Every front end (the CLI's worker, `serve`, the Eleventy plugin and
 * `briefdeck/remark`) runs this same preset with the same options.
 *
 *   unified().use(remarkParse).use(briefdeck, options)
 */
import type {Root} from 'mdast'
import remarkParseLean from './parse/lean-syntax.js'
import {unified, type Processor, type Transformer} from 'unified'
import type {VFile} from 'vfile'
import {lowerAnnotations} from './annotations/index.js'
import {layered} from './package.js'
import {resolveOptions, type Options} from './options.js'
import {defaultMeta, readFrontmatter} from './parse/frontmatter.js'
import {checkLimits, checkTreeLimits} from './parse/limits.js'
import {registerSyntax} from './parse/syntax.js'
import {loadThemes} from './render/themes.js'
import {loadBibliographies} from './bibliography/load.js'
import {resolveStyle} from './bibliography/resolve-style.js'
import {resolveCitations} from './resolve/citations.js'
import {resolveImages, type ImageOptions} from './resolve/images.js'
import {checkMath} from './resolve/math.js'
import {checkLinks} from './resolve/links.js'
import {placeLists} from './resolve/lists.js'
import {checkRawStyles} from './resolve/styles.js'
import {checkEmbargo, dropWithheldCredits, withholdTeamOnly} from './resolve/profile.js'
import type {BriefData} from './types.js'
import {localizer, resolveLabels} from './i18n/index.js'
import {checkLanguage} from './i18n/check.js'

/** The shared options, plus what only some front ends change. */
export interface PresetOptions extends Options {
  /** Register the directive syntax (default: `true`); `false` when the processor already uses remark-directive. */
  syntax?: boolean
  /** `'keep'` leaves directives that are not annotations for other plugins; `'report'` reports them (default: `'report'`). */
  others?: 'report' | 'keep'
  /** Add the lists of sources and image credits at the end when `::sources` / `::credits` are absent (default: `true`). */
  lists?: boolean
  /** Look local images up on disk and plan their copies (default: `true`). */
  files?: boolean
}

/** What only briefdeck's own workers set, never a user (not part of the front ends' options). */
export interface PresetInternals {
  /** How SVG images are sanitized (default: in this thread; the workers ask the main thread, see pipeline/svg-requests.ts). */
  sanitizeSvg?: ImageOptions['sanitizeSvg']
  /** Parse a brief parsed before again only where it changed (default: `false`; `serve`'s worker, see parse/chunked-parse.ts). */
  incremental?: boolean
}

/** The brief a preset run leaves: its resolved tree and what it learned. */
export interface AnalyzedBrief {
  tree: Root
  data: BriefData
}

const themeCache = new Map<string, ReadonlySet<string>>()

/** Names of the deck themes a project has: briefdeck's, Marp's and its own. */
export function themeNames(root: string, themes: string | undefined): ReadonlySet<string> {
  const dirs = layered(root, 'themes', themes)
  const key = dirs.join('\0')
  let names = themeCache.get(key)
  if (!names) {
    names = new Set(loadThemes({dirs}).deck.keys())
    themeCache.set(key, names)
  }
  return names
}

/** The preset, as one unified plugin. */
export default function briefdeck(this: Processor, options: PresetOptions & PresetInternals = {}): Transformer<Root, Root> {
  const settings = resolveOptions(options)
  const themes = themeNames(settings.root, options.themes)
  registerSyntax(this, {directives: options.syntax !== false})

  // Limits are checked on the raw text, before the parser can be made to take minutes or overflow its stack.
  const parse = this.parser
  if (parse) {
    this.parser = (document, file) => {
      file.data.rules = settings.rules
      if (checkLimits(file)) {
        const tree = parse(document, file) as Root
        if (checkTreeLimits(tree, file)) return tree
      }
      file.data.overLimits = true
      return {type: 'root', children: []}
    }
  }

  return (tree, file) => {
    file.data.rules = settings.rules
    if (file.data.overLimits) {
      file.data.brief = emptyBrief(settings)
      return
    }
    const meta = readFrontmatter(tree, file, {
      themes,
      defaultTheme: settings.theme,
      defaultHandoutLayout: settings.handoutLayout,
      defaultPaper: settings.paper
    })
    if (settings.profile === 'public' && !settings.ignoreEmbargo) checkEmbargo(file, meta)
    const words = localizer(meta.lang, resolveLabels(settings.labels))
    checkLanguage(file, words, meta.langPosition)
    const data: BriefData = {meta, profile: settings.profile, words, sources: new Map(), credits: new Map(), assets: [], dependencies: []}
    file.data.brief = data
    // The library and the brief's bibliography files first: a `::source` with the same key is then the duplicate.
    file.data.related = loadBibliographies(file, data, {root: settings.root, library: settings.bibliography})
    lowerAnnotations(tree, file, data, {keepUnknown: options.others === 'keep'})
    // A public build never holds the team's notes or internal blocks, from here on.
    const withheld = settings.profile === 'public' ? withholdTeamOnly(tree) : undefined
    checkRawStyles(tree, file, {allowStyles: settings.allowStyles})
    checkLinks(tree, file)
    checkMath(tree, file)
    data.citationStyle = resolveStyle(file, data, settings)
    resolveCitations(tree, file, data, data.citationStyle, withheld?.sources)
    resolveImages(tree, file, data, {root: settings.root, files: options.files, sanitizeSvg: options.sanitizeSvg})
    if (withheld) dropWithheldCredits(data, withheld)
    if (options.lists !== false) placeLists(tree, data)
    if (settings.strict) for (const message of [file, ...file.data.related].flatMap((each) => each.messages)) message.fatal = true
  }
}

function emptyBrief(settings: ReturnType<typeof resolveOptions>): BriefData {
  const meta = defaultMeta({defaultTheme: settings.theme, defaultHandoutLayout: settings.handoutLayout, defaultPaper: settings.paper})
  return {
    meta,
    profile: settings.profile,
    words: localizer(meta.lang, resolveLabels(settings.labels)),
    sources: new Map(),
    credits: new Map(),
    assets: [],
    dependencies: []
  }
}

/** A processor that parses and analyzes briefs with these options; make one and reuse it. */
export function createAnalyzer(options: PresetOptions & PresetInternals = {}): (file: VFile) => AnalyzedBrief {
  // remark-parse, less the syntax a brief's text cannot use (see parse/lean-syntax.ts).
  const processor = unified().use(remarkParseLean, {incremental: options.incremental}).use(briefdeck, options).freeze()
  return (file) => {
    const tree = processor.runSync(processor.parse(file), file) as Root
    return {tree, data: file.data.brief ?? emptyBrief(resolveOptions(options))}
  }
}
