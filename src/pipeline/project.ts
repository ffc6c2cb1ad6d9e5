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
import {loadTemplates} from '../render/templates.js'
import {loadThemes} from '../render/themes.js'
import type {PageEnvironment} from './brief-pages.js'
import {slugOf} from './find-briefs.js'


/** What the page environment depends on: the root, the themes and templates folders, the default theme. */
export type EnvironmentOptions = Pick<Options, 'root' | 'themes' | 'templates' | 'theme'>

export interface Environment extends PageEnvironment {
  themeNames: ReadonlySet<string>
  /** The folders the pages were made from: the package's, then the project's. */
  folders: string[]
}

export function createEnvironment(options: EnvironmentOptions): Environment {
  const root = path.resolve(options.root ?? process.cwd())
  const themeDirs = layered(root, 'themes', options.themes)
  const templateDirs = layered(root, 'templates', options.templates)
  const themes = loadThemes({dirs: themeDirs})
  const themeNames = new Set(themes.deck.keys())
  if (options.theme !== undefined && !themeNames.has(options.theme)) {
    throw new ConfigError(
      `The default theme \`${options.theme}\` does not exist: use one of ${[...themeNames].join(', ')}, or add themes/${options.theme}.css`
    )
  }
  return {
    themes,
    themeNames,
    folders: [...themeDirs, ...templateDirs],
    templates: loadTemplates({dirs: templateDirs}),
    deck: createDeckRenderer(themes.deck.values())
  }
}



/** Read briefs into vfiles (paths relative to the root); unreadable files and slug collisions are errors on them. */
export function readBriefs(briefPaths: readonly string[], root: string, outLabel = 'out', rules: RuleSettings = {}): VFile[] {
  const files = briefPaths.map((briefPath) => {
    const file = new VFile({path: path.relative(root, briefPath) || briefPath, cwd: root})
    file.data.rules = rules
    try {
      file.value = fs.readFileSync(briefPath, 'utf8')
    } catch (error) {
      file.value = ''
      report(file, `Cannot read this brief (${(error as NodeJS.ErrnoException).code ?? 'read error'}): check that it exists and is readable`, undefined, 'read-error')
    }
    return file
  })
  const bySlug = new Map<string, VFile[]>()
  for (const file of files) bySlug.set(slugOf(file.path), [...(bySlug.get(slugOf(file.path)) ?? []), file])
  for (const [slug, same] of bySlug) {
    if (same.length < 2) continue
    for (const file of same) {
      const others = same.filter((other) => other !== file).map((other) => other.path).join(', ')
      report(file, `This brief and ${others} would both write to ${outLabel}/${slug}/: rename one of them`, {line: 1, column: 1}, 'slug-collision')
    }
  }
  return files
}
