/**
 * What every way of building shares: the page environment (themes,
 * templates, deck renderer) and the briefs read into vfiles, with slug
 * collisions reported.
 */
import fs from 'node:fs'
import path from 'node:path'
import {VFile} from 'vfile'
import {layered} from '../package.js'
import type {Options} from '../options.js'
import type {RuleSettings} from '../rules.js'
import {createDeckRenderer} from '../deck/render.js'
import {ConfigError} from '../errors.js'
import {report} from '../messages.js'
import {loadTemplates, type Templates} from '../render/templates.js'
import {BUILT_IN_THEMES, loadThemes} from '../render/themes.js'
import type {PageEnvironment} from './brief-pages.js'
import {slugOf} from './find-briefs.js'
import {FONTS_DIR} from '../render/fonts.js'
import {describeMachineFailure} from './io-errors.js'
import {isInside, realPath} from '../paths.js'


/** What the page environment depends on: the root, the themes and templates folders, the default theme. */
export type EnvironmentOptions = Pick<Options, 'root' | 'themes' | 'templates' | 'theme'>

export interface Environment extends PageEnvironment {
  themeNames: ReadonlySet<string>
  /** The folders the pages were made from: the package's, then the project's. */
  folders: string[]
}

/**
 * What a build's own thread needs of the environment: the folders its key is
 * made from, and the templates of the index page. The workers that render
 * load the themes (see `createEnvironment`).
 */
export interface SiteEnvironment {
  folders: string[]
  /** Loaded when first read. */
  readonly templates: Templates
}

export function createEnvironment(options: EnvironmentOptions): Environment {
  const {themeDirs, templateDirs} = folders(options)
  const themes = loadThemes({dirs: themeDirs})
  const themeNames = new Set(themes.deck.keys())
  checkDefaultTheme(options.theme, themeNames)
  return {
    themes,
    themeNames,
    folders: [...themeDirs, ...templateDirs],
    templates: loadTemplates({dirs: templateDirs}),
    deck: createDeckRenderer(themes.deck.values())
  }
}

/**
 * The environment of a build's own thread, without reading a theme (Marpit
 * and PostCSS stay unloaded), except to check a default theme that is not
 * one of Marp's own. A theme file without its header is found by the worker
 * that loads the themes, and is the same configuration error.
 */
export function createSiteEnvironment(options: EnvironmentOptions): SiteEnvironment {
  const {themeDirs, templateDirs} = folders(options)
  const {theme} = options
  if (theme !== undefined && !(BUILT_IN_THEMES as readonly string[]).includes(theme) && !namedInAHeader(themeDirs, theme)) {
    checkDefaultTheme(theme, new Set(loadThemes({dirs: themeDirs}).deck.keys()))
  }
  let templates: Templates | undefined
  return {
    folders: [...themeDirs, ...templateDirs],
    get templates() {
      return (templates ??= loadTemplates({dirs: templateDirs}))
    }
  }
}

function folders(options: EnvironmentOptions): {themeDirs: string[]; templateDirs: string[]} {
  const root = path.resolve(options.root ?? process.cwd())
  return {themeDirs: layered(root, 'themes', options.themes), templateDirs: layered(root, 'templates', options.templates)}
}

/**
 * Whether a theme file seems to name this theme in its `@theme` header: then
 * the worker that reads the themes checks it; else they are read here, for
 * the error that says which themes there are.
 */
function namedInAHeader(dirs: string[], theme: string): boolean {
  const header = new RegExp(`@theme\\s+${theme.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w.-])`)
  return dirs.some(
    (dir) => fs.existsSync(dir) && fs.readdirSync(dir).some((name) => name.endsWith('.css') && header.test(fs.readFileSync(path.join(dir, name), 'utf8')))
  )
}

function checkDefaultTheme(theme: string | undefined, names: ReadonlySet<string>): void {
  if (theme !== undefined && !names.has(theme)) {
    throw new ConfigError(`The default theme \`${theme}\` does not exist: use one of ${[...names].join(', ')}, or add themes/${theme}.css`)
  }
}



export interface ReadOptions {
  /** How the output folder is named in messages (default: `'out'`). */
  outLabel?: string
  /** Severity settings for the messages (default: none). */
  rules?: RuleSettings
  /**
   * What to do with a brief the machine cannot read (a named pipe, a file
   * removed since it was found, no permission): default, an error on the brief.
   */
  onUnreadable?: (file: VFile, message: string) => void
}

/**
 * Read briefs into vfiles (paths relative to the root). A brief whose real
 * path is outside the project is an error on it and is not read; slug
 * collisions are errors on both briefs.
 */
export function readBriefs(briefPaths: readonly string[], root: string, options: ReadOptions = {}): VFile[] {
  const {outLabel = 'out', rules = {}} = options
  const realRoot = realPath(root)
  const unreadable = (file: VFile, message: string) => {
    file.data.unreadable = true
    if (options.onUnreadable) options.onUnreadable(file, message)
    else report(file, message, {line: 1, column: 1}, 'read-error')
  }
  const files = briefPaths.map((briefPath) => {
    const file = new VFile({path: path.relative(root, briefPath) || briefPath, cwd: root, value: ''})
    file.data.rules = rules
    const real = realPath(briefPath)
    if (!isInside(realRoot, real)) {
      report(
        file,
        `This brief is a symbolic link (or inside a linked folder) that leads outside the project, to ${real}, so it was not read: copy the brief into the project instead of linking it`,
        {line: 1, column: 1},
        'brief-outside-project'
      )
      return file
    }
    let stat: fs.Stats | undefined
    try {
      stat = fs.statSync(real)
      // A named pipe or a device would block the build or never end: only regular files are read.
      if (!stat.isFile()) {
        unreadable(file, `${briefPath}: cannot read this brief: it is not a regular file (a named pipe, a device or a socket). Give the path of a Markdown file`)
        return file
      }
      file.value = fs.readFileSync(real, 'utf8')
    } catch (error) {
      unreadable(file, describeMachineFailure(error, 'read this brief') ?? `${briefPath}: cannot read this brief (${(error as Error).message}): check that it exists and is readable`)
    }
    return file
  })
  const bySlug = new Map<string, VFile[]>()
  for (const file of files) bySlug.set(slugOf(file.path), [...(bySlug.get(slugOf(file.path)) ?? []), file])
  for (const file of bySlug.get(FONTS_DIR) ?? []) {
    report(file, `This brief would write to ${outLabel}/${FONTS_DIR}/, where briefdeck puts the pages' fonts: rename it`, {line: 1, column: 1}, 'slug-collision')
  }
  for (const [slug, same] of bySlug) {
    if (same.length < 2) continue
    for (const file of same) {
      const others = same.filter((other) => other !== file).map((other) => other.path).join(', ')
      report(file, `This brief and ${others} would both write to ${outLabel}/${slug}/: rename one of them`, {line: 1, column: 1}, 'slug-collision')
    }
  }
  return files
}
