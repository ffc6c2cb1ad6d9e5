/**
 * What a build's own thread needs of the page environment: the folders its
 * key is made from, and the templates of the index page, loaded only when the
 * index is written. The workers that render load the themes, templates and
 * deck renderer themselves (see project.ts), so this thread never loads
 * Marpit, PostCSS or Handlebars for a build that reuses every brief.
 */
import fs from 'node:fs'
import path from 'node:path'
import {ConfigError, EnvironmentError} from '../errors.js'
import {readText} from '../read-text.js'
import {describeMachineFailure} from './io-errors.js'
import type {Options} from '../options.js'
import {layered} from '../package.js'
import type {Templates} from '../render/templates.js'
import {BUILT_IN_THEMES, loadThemes} from '../render/themes.js'
import {environmentKey} from './cache.js'

/** What the page environment depends on: the root, the themes and templates folders, the default theme. */
export type EnvironmentOptions = Pick<Options, 'root' | 'themes' | 'templates' | 'theme'>

export interface SiteEnvironment {
  /** The folders the pages are made from: the package's, then the project's. */
  folders: string[]
  /** The templates, loaded on the first call. */
  templates(): Promise<Templates>
  /**
   * The fingerprint of these folders' files with `settings` and briefdeck's
   * `version` (see `environmentKey`), read once per settings: an environment
   * is made anew when its files change (`serve` does so when it sees them change).
   */
  key(settings: object, version: string): string
}

/** The themes and templates folders: the package's, then the project's. */
export function environmentFolders(options: EnvironmentOptions): {themeDirs: string[]; templateDirs: string[]} {
  const root = path.resolve(options.root ?? process.cwd())
  return {themeDirs: layered(root, 'themes', options.themes), templateDirs: layered(root, 'templates', options.templates)}
}

/**
 * The environment of a build's own thread. It reads no theme, except to check
 * a default theme that is neither one of Marp's own nor named in a theme
 * file's header. A theme file without its header is found by the worker that
 * loads the themes, and is the same configuration error.
 */
export function createSiteEnvironment(options: EnvironmentOptions): SiteEnvironment {
  const {themeDirs, templateDirs} = environmentFolders(options)
  const {theme} = options
  readingThemes(() => {
    if (theme !== undefined && !(BUILT_IN_THEMES as readonly string[]).includes(theme) && !namedInAHeader(themeDirs, theme)) {
      checkDefaultTheme(theme, new Set(loadThemes({dirs: themeDirs}).deck.keys()))
    }
  })
  let templates: Promise<Templates> | undefined
  const folders = [...themeDirs, ...templateDirs]
  const keys = new Map<string, string>()
  return {
    folders,
    templates: () => (templates ??= import('../render/templates.js').then(({loadTemplates}) => loadTemplates({dirs: templateDirs}))),
    key(settings, version) {
      const id = `${version}\0${JSON.stringify(settings)}`
      let key = keys.get(id)
      if (key === undefined) keys.set(id, (key = environmentKey(folders, settings, version)))
      return key
    }
  }
}

/**
 * Read the themes, as a worker would, for a build in which none renders a
 * brief (no briefs, or each one stopped before): a broken theme is then still
 * the configuration error it is when a worker meets it.
 */
export function checkThemes(options: EnvironmentOptions): void {
  const {themeDirs} = environmentFolders(options)
  readingThemes(() => checkDefaultTheme(options.theme, new Set(loadThemes({dirs: themeDirs}).deck.keys())))
}

/** Run `read`; a theme file the machine cannot read (no permission, a folder named `x.css`) is an environment error naming it. */
function readingThemes(read: () => void): void {
  try {
    read()
  } catch (error) {
    const failure = describeMachineFailure(error, 'read the themes')
    throw failure ? new EnvironmentError(failure) : error
  }
}

/** A configuration error unless the default theme is one of these. */
export function checkDefaultTheme(theme: string | undefined, names: ReadonlySet<string>): void {
  if (theme !== undefined && !names.has(theme)) {
    throw new ConfigError(`The default theme \`${theme}\` does not exist: use one of ${[...names].join(', ')}, or add themes/${theme}.css`)
  }
}

/**
 * Whether a theme file seems to name this theme in its `@theme` header: then
 * the worker that reads the themes checks it; else they are read here, for
 * the error that says which themes there are.
 */
function namedInAHeader(dirs: string[], theme: string): boolean {
  const header = new RegExp(`@theme\\s+${theme.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w.-])`)
  return dirs.some(
    (dir) => fs.existsSync(dir) && fs.readdirSync(dir).some((name) => name.endsWith('.css') && header.test(readText(path.join(dir, name))))
  )
}
