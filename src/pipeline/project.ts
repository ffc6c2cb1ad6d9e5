/**
 * The page environment of the workers that render briefs: themes, templates
 * and the deck renderer (see site-environment.ts for the build's own thread).
 */
import {createDeckRenderer} from '../deck/render.js'
import {loadTemplates} from '../render/templates.js'
import {loadThemes} from '../render/themes.js'
import type {PageEnvironment} from './brief-pages.js'
import {checkDefaultTheme, environmentFolders, type EnvironmentOptions} from './site-environment.js'

export type {EnvironmentOptions} from './site-environment.js'

export interface Environment extends PageEnvironment {
  themeNames: ReadonlySet<string>
  /** The folders the pages were made from: the package's, then the project's. */
  folders: string[]
}

export function createEnvironment(options: EnvironmentOptions): Environment {
  const {themeDirs, templateDirs} = environmentFolders(options)
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
