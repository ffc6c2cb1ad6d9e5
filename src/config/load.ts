/**
 * Project configuration: `briefdeck.config.js` / `.mjs`, or a `"briefdeck"`
 * key in package.json. Paths resolve against the config file's folder.
 * Settings resolve as command-line flag, then config file, then default.
 */
import fs from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {ConfigError} from '../errors.js'
import {validateOptions, type Options} from '../options.js'

/** What a config file may set: the shared options (see options.ts). */
export type BriefdeckConfig = Options

export interface LoadedConfig {
  config: BriefdeckConfig
  /** The file it came from, if any. */
  file?: string
}

export const CONFIG_FILES = ['briefdeck.config.js', 'briefdeck.config.mjs'] as const


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
  return validateOptions(value, {where, base})
}
