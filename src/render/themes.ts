/**
 * Themes: Marp theme CSS in `themes/*.css` (each with a `/* @theme name *\/`
 * header) and the handout's CSS in `themes/handout/<name>.css`.
 */
import fs from 'node:fs'
import path from 'node:path'
import {ConfigError} from '../errors.js'
import {readText} from '../read-text.js'
import {marpPackages} from '../deck/marp-packages.js'


/** Marp's own themes, always available. */
export const BUILT_IN_THEMES = ['default', 'gaia', 'uncover'] as const

export interface Theme {
  name: string
  /** The Marp theme CSS (undefined for Marp's built-ins). */
  css?: string
  file?: string
}

export interface ThemeSet {
  deck: Map<string, Theme>
  /** Handout CSS for a deck theme (falls back to the default handout CSS). */
  handoutCss(name: string): string
}

export interface ThemeOptions {
  /** Folders of themes, in order: a later folder's theme of the same name wins (the package's first, then the project's). */
  dirs: string[]
  /** Handout theme used when a deck theme has none of its own (default: `briefing`). */
  fallback?: string
}

/** Theme names by CSS text: reading a header parses the whole stylesheet. */
const headerNames = new Map<string, string>()

/** Load every theme in the folders. A theme file without its header is a configuration error. */
export function loadThemes(options: ThemeOptions): ThemeSet {
  const deck = new Map<string, Theme>(BUILT_IN_THEMES.map((name) => [name, {name}]))
  const dirs = [...new Set(options.dirs.map((dir) => path.resolve(dir)))].filter((dir) => fs.existsSync(dir))
  const files = dirs.flatMap((dir) =>
    fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.css'))
      .sort()
      .map((name) => path.join(dir, name))
  )
  for (const file of files) {
    const name = path.basename(file)
    const css = readText(file)
    let themeName: string
    try {
      // Marpit's own reading of the `/* @theme name */` header (once per content), loaded with the first theme file read: a build's own thread never reads one.
      themeName = headerNames.get(css) ?? marpPackages().Theme.fromCSS(css).name
      headerNames.set(css, themeName)
    } catch (error) {
      throw new ConfigError(
        `${file}: not a Marp theme (${(error as Error).message}). Start the file with a comment such as /* @theme ${path.basename(name, '.css')} */`
      )
    }
    deck.set(themeName, {name: themeName, css, file})
  }
  const fallbackName = options.fallback ?? 'briefing'
  const cache = new Map<string, string>()
  const read = (name: string): string | undefined => {
    if (!cache.has(name)) {
      const file = [...dirs].reverse().map((dir) => path.join(dir, 'handout', `${name}.css`)).find((candidate) => fs.existsSync(candidate))
      cache.set(name, file ? readText(file) : '')
    }
    return cache.get(name) || undefined
  }
  return {deck, handoutCss: (name) => read(name) ?? read(fallbackName) ?? ''}
}
