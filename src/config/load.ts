/**
 * Project configuration: `briefdeck.config.js` / `.mjs`, or a `"briefdeck"`
 * key in package.json. Paths resolve against the config file's folder.
 * Settings resolve as command-line flag, then config file, then default.
 */
import fs from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {ConfigError} from '../errors.js'
import {didYouMean} from '../messages.js'
import {HANDOUT_LAYOUTS, PAPER_SIZES, type HandoutLayout, type PaperSize} from '../types.js'

/** What a config file may set. */
export interface BriefdeckConfig {
  /** Briefs or folders of briefs (default: `['decks']`). */
  paths?: string[]
  /** Output folder (default: `out`). */
  out?: string
  /** Theme for briefs that name none (default: `briefing`). */
  theme?: string
  /** Themes folder (default: `themes`, else the package's). */
  themes?: string
  /** Templates folder (default: `templates`, else the package's). */
  templates?: string
  /** Handout layout for briefs that name none (default: `article`). */
  handoutLayout?: HandoutLayout
  /** Paper size for briefs that name none (default: `a4`). */
  paper?: PaperSize
  /** Treat warnings as errors (default: `false`). */
  strict?: boolean
  /** Keep `<style>` blocks and `style:` directives from briefs; remote URLs in them stay forbidden (default: `false`). */
  allowStyles?: boolean
}

export interface LoadedConfig {
  config: BriefdeckConfig
  /** The file it came from, if any. */
  file?: string
}

export const CONFIG_FILES = ['briefdeck.config.js', 'briefdeck.config.mjs'] as const

const KEYS = ['paths', 'out', 'theme', 'themes', 'templates', 'handoutLayout', 'paper', 'strict', 'allowStyles'] as const

/** Find and load the project's configuration; an empty config when there is none. */
export async function loadConfig(root: string): Promise<LoadedConfig> {
  for (const name of CONFIG_FILES) {
    const file = path.join(root, name)
    if (!fs.existsSync(file)) continue
    let loaded: unknown
    try {
      const module = (await import(`${pathToFileURL(file).href}?t=${fs.statSync(file).mtimeMs}`)) as {default?: unknown}
      loaded = module.default
    } catch (error) {
      throw new ConfigError(`${name} could not be loaded (${(error as Error).message.split('\n')[0]}): fix the error in it, or delete it`)
    }
    return {config: validate(loaded, name, root), file}
  }
  const pkgFile = path.join(root, 'package.json')
  if (fs.existsSync(pkgFile)) {
    let pkg: {briefdeck?: unknown}
    try {
      pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as {briefdeck?: unknown}
    } catch (error) {
      throw new ConfigError(`package.json is not valid JSON (${(error as Error).message}): fix it`)
    }
    if (pkg.briefdeck !== undefined) return {config: validate(pkg.briefdeck, 'package.json "briefdeck"', root), file: pkgFile}
  }
  return {config: {}}
}

function validate(value: unknown, where: string, base: string): BriefdeckConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${where} must export an object of settings, e.g. export default {out: 'public'}`)
  }
  const config: BriefdeckConfig = {}
  const bad = (key: string, expected: string) =>
    new ConfigError(`${where}: \`${key}\` must be ${expected}`)
  for (const [key, setting] of Object.entries(value as Record<string, unknown>)) {
    switch (key) {
      case 'paths':
        if (!Array.isArray(setting) || setting.length === 0 || !setting.every((item) => typeof item === 'string' && item !== ''))
          throw bad(key, 'a non-empty list of paths, e.g. ["decks"]')
        config.paths = setting.map((item: string) => path.resolve(base, item))
        break
      case 'out':
      case 'themes':
      case 'templates':
        if (typeof setting !== 'string' || setting === '') throw bad(key, 'a folder path, e.g. "public"')
        config[key] = path.resolve(base, setting)
        break
      case 'theme':
        if (typeof setting !== 'string' || setting === '') throw bad(key, 'a theme name, e.g. "briefing"')
        config.theme = setting
        break
      case 'handoutLayout':
        if (!HANDOUT_LAYOUTS.includes(setting as HandoutLayout)) throw bad(key, `one of ${HANDOUT_LAYOUTS.join(', ')}`)
        config.handoutLayout = setting as HandoutLayout
        break
      case 'paper':
        if (!PAPER_SIZES.includes(setting as PaperSize)) throw bad(key, `one of ${PAPER_SIZES.join(', ')}`)
        config.paper = setting as PaperSize
        break
      case 'strict':
      case 'allowStyles':
        if (typeof setting !== 'boolean') throw bad(key, 'true or false')
        config[key] = setting
        break
      default:
        throw new ConfigError(`${where}: unknown setting \`${key}\`.${didYouMean(key, KEYS)} Valid settings: ${KEYS.join(', ')}`)
    }
  }
  return config
}
