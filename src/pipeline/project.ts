/**
 * What every way of building shares: the page environment (themes,
 * templates, deck renderer) and the briefs read into vfiles, with slug
 * collisions reported.
 */
import fs from 'node:fs'
import path from 'node:path'
import {VFile} from 'vfile'
import {PACKAGE_DIR} from '../package.js'
import {createDeckRenderer} from '../deck/render.js'
import {ConfigError} from '../errors.js'
import {fail} from '../messages.js'
import {loadTemplates} from '../render/templates.js'
import {loadThemes} from '../render/themes.js'
import type {PageEnvironment} from './brief-pages.js'
import {slugOf} from './find-briefs.js'


export interface EnvironmentOptions {
  root: string
  /** Themes folder (default: `themes` in the root if it exists, else the package's). */
  themesDir?: string
  /** Templates folder (default: `templates` in the root if it exists, else the package's). */
  templatesDir?: string
  /** Theme for briefs that name none; must exist (default: `briefing`). */
  defaultTheme?: string
}

export interface Environment extends PageEnvironment {
  themeNames: ReadonlySet<string>
  /** The folders the pages were made from: the package's, then the project's. */
  folders: string[]
}

export function createEnvironment(options: EnvironmentOptions): Environment {
  const themeDirs = layered(options.root, 'themes', options.themesDir)
  const templateDirs = layered(options.root, 'templates', options.templatesDir)
  const themes = loadThemes({dirs: themeDirs})
  const themeNames = new Set(themes.deck.keys())
  if (options.defaultTheme !== undefined && !themeNames.has(options.defaultTheme)) {
    throw new ConfigError(
      `The default theme \`${options.defaultTheme}\` does not exist: use one of ${[...themeNames].join(', ')}, or add themes/${options.defaultTheme}.css`
    )
  }
  return {
    themes,
    themeNames,
    folders: [...themeDirs, ...templateDirs],
    templates: loadTemplates({dirs: templateDirs}),
    renderDeck: createDeckRenderer(themes.deck.values())
  }
}

/** The package's folder of that name, then the project's (or the configured one) on top of it. */
export function layered(root: string, name: string, configured?: string): string[] {
  const own = configured ?? path.join(root, name)
  const base = path.join(PACKAGE_DIR, name)
  return path.resolve(own) === path.resolve(base) || !fs.existsSync(own) ? [base] : [base, own]
}


/** Read briefs into vfiles (paths relative to the root); unreadable files and slug collisions are errors on them. */
export function readBriefs(briefPaths: readonly string[], root: string, outLabel = 'out'): VFile[] {
  const files = briefPaths.map((briefPath) => {
    const file = new VFile({path: path.relative(root, briefPath) || briefPath, cwd: root})
    try {
      file.value = fs.readFileSync(briefPath, 'utf8')
    } catch (error) {
      file.value = ''
      fail(file, `Cannot read this brief (${(error as NodeJS.ErrnoException).code ?? 'read error'}): check that it exists and is readable`, undefined, 'read-error')
    }
    return file
  })
  const bySlug = new Map<string, VFile[]>()
  for (const file of files) bySlug.set(slugOf(file.path), [...(bySlug.get(slugOf(file.path)) ?? []), file])
  for (const [slug, same] of bySlug) {
    if (same.length < 2) continue
    for (const file of same) {
      const others = same.filter((other) => other !== file).map((other) => other.path).join(', ')
      fail(file, `This brief and ${others} would both write to ${outLabel}/${slug}/: rename one of them`, {line: 1, column: 1}, 'slug-collision')
    }
  }
  return files
}
