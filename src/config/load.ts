/**
 * Project configuration, found by lilconfig in the project's folder:
 * `briefdeck.config.mjs`, `.cjs`, `.js` (ES module or CommonJS, as the
 * nearest package.json's `type` says), `.json`, or a `"briefdeck"` key in
 * package.json. Paths resolve against the config file's folder. Settings
 * resolve as command-line flag, then config file, then default.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {lilconfig, type Loader} from 'lilconfig'
import {ConfigError} from '../errors.js'
import {validateOptions, type Options} from '../options.js'

/** What a config file may set: the shared options (see options.ts). */
export type BriefdeckConfig = Options

export interface LoadedConfig {
  config: BriefdeckConfig
  /** The file it came from, if any. */
  file?: string
}

/** Config files, in the order they are looked for; package.json's `"briefdeck"` key comes last. */
export const CONFIG_FILES = ['briefdeck.config.mjs', 'briefdeck.config.cjs', 'briefdeck.config.js', 'briefdeck.config.json'] as const

/** Find and load the project's configuration; an empty config when there is none. */
export async function loadConfig(root: string): Promise<LoadedConfig> {
  const pkgFile = path.join(root, 'package.json')
  const fromPackage = packageKey(pkgFile)
  const present = [...CONFIG_FILES.filter((name) => fs.existsSync(path.join(root, name))), ...(fromPackage.has ? ['package.json "briefdeck"'] : [])]
  if (present.length > 1) {
    throw new ConfigError(`${present.join(' and ')} both hold briefdeck's settings in ${root}: keep one of them`)
  }
  if (fromPackage.has) return {config: validate(fromPackage.value, 'package.json "briefdeck"', root), file: pkgFile}
  const search = lilconfig('briefdeck', {
    searchPlaces: [...CONFIG_FILES],
    stopDir: root,
    cache: false,
    // An empty config file is a mistake to report, not a file to skip.
    ignoreEmptySearchPlaces: false,
    loaders: {'.mjs': loadModule, '.cjs': loadModule, '.js': loadModule, '.json': loadJson}
  })
  let found: {config: unknown; filepath: string} | null
  try {
    found = await search.search(root)
  } catch (error) {
    if (error instanceof ConfigError) throw error
    const where = (error as {path?: string}).path ?? present[0] ?? 'the config file'
    throw new ConfigError(`${path.basename(where)} could not be read (${firstLine(error)}): fix it, or delete it`)
  }
  if (!found) return {config: {}}
  const name = path.basename(found.filepath)
  return {config: validate(found.config, name, root), file: found.filepath}
}

/** package.json's `"briefdeck"` key, whatever its value (`false` and `null` are mistakes to report). */
function packageKey(file: string): {has: boolean; value?: unknown} {
  if (!fs.existsSync(file)) return {has: false}
  let pkg: unknown
  try {
    pkg = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (error) {
    throw new ConfigError(`package.json is not valid JSON (${firstLine(error)}): fix it`)
  }
  if (typeof pkg !== 'object' || pkg === null || !Object.hasOwn(pkg, 'briefdeck')) return {has: false}
  return {has: true, value: (pkg as {briefdeck: unknown}).briefdeck}
}

/** How the nearest package.json makes `.js` files load. */
function packageType(file: string): 'module' | 'commonjs' {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json')
    if (fs.existsSync(pkg)) {
      try {
        return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as {type?: unknown}).type === 'module' ? 'module' : 'commonjs'
      } catch {
        return 'commonjs'
      }
    }
    if (path.dirname(dir) === dir) return 'commonjs'
  }
}

/** Import a config module afresh (serve reloads it when it changes: the URL carries a hash of its content). */
const loadModule: Loader = async (file, content) => {
  const require = createRequire(file)
  delete require.cache[require.resolve(file)]
  const version = crypto.createHash('sha256').update(content).digest('hex').slice(0, 16)
  // Node's advice on module types ("To load an ES module, set "type": "module" …") would come before,
  // and say less than, our message: while the file loads, hold back those warnings and pass on the rest.
  const listeners = process.listeners('warning')
  const filter = (warning: Error & {code?: string}) => {
    if (isModuleTypeWarning(warning)) return
    for (const listener of listeners) listener(warning)
  }
  process.removeAllListeners('warning')
  process.on('warning', filter)
  try {
    const module = (await import(`${pathToFileURL(file).href}?v=${version}`)) as {default?: unknown}
    return module.default
  } catch (error) {
    throw new ConfigError(loadFailure(file, error))
  } finally {
    // Warnings are emitted on the next tick: restore the listeners after them.
    await new Promise((resolve) => setImmediate(resolve))
    process.off('warning', filter)
    for (const listener of listeners) process.on('warning', listener)
  }
}

function isModuleTypeWarning(warning: Error & {code?: string}): boolean {
  // Node 20: "To load an ES module, set …"; Node 22 and 24: "Failed to load the ES module: … Make sure to set "type": "module" …".
  return warning.code === 'MODULE_TYPELESS_PACKAGE_JSON' || /ES module|"type": "module"|\.mjs extension/.test(warning.message)
}

const loadJson: Loader = (file, content) => {
  try {
    return JSON.parse(content.replace(/^\uFEFF/, '')) as unknown
  } catch (error) {
    throw new ConfigError(`${path.basename(file)} is not valid JSON (${firstLine(error)}): fix it`)
  }
}

/** Say how to fix a config module that would not load, above all one in the wrong module system. */
function loadFailure(file: string, error: unknown): string {
  const name = path.basename(file)
  const stem = name.replace(/\.[cm]?js$/, '')
  const message = firstLine(error)
  const esmSyntax = /Unexpected token 'export'|Cannot use import statement outside a module|Unexpected token '\{'.*import/.test(message)
  const cjsGlobals = /\b(module|require|exports|__dirname|__filename) is not defined in ES module scope/.test(message)
  if (esmSyntax) {
    if (name.endsWith('.cjs')) {
      return `${name} uses ES module syntax (export or import), but a .cjs file is CommonJS: rename it ${stem}.mjs, or write module.exports = {…}`
    }
    return `${name} uses ES module syntax (export or import), but ${typeNote(file)} makes .js files CommonJS: rename it ${stem}.mjs, or write module.exports = {…}`
  }
  if (cjsGlobals) {
    if (name.endsWith('.mjs')) {
      return `${name} uses CommonJS (module.exports or require), but a .mjs file is an ES module: rename it ${stem}.cjs, or write export default {…}`
    }
    return `${name} uses CommonJS (module.exports or require), but ${typeNote(file)} makes .js files ES modules: rename it ${stem}.cjs, or write export default {…}`
  }
  return `${name} could not be loaded (${message}): fix the error in it, or delete it`
}

function typeNote(file: string): string {
  return packageType(file) === 'module' ? 'package.json\'s "type": "module"' : 'package.json\'s "type" (CommonJS)'
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!
}

function validate(value: unknown, where: string, base: string): BriefdeckConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const example = where.endsWith('.json') || where.startsWith('package.json') ? '{"out": "public"}' : where.endsWith('.cjs') ? 'module.exports = {out: \'public\'}' : 'export default {out: \'public\'}'
    throw new ConfigError(`${where} must ${where.includes('json') ? 'hold' : 'export'} an object of settings, e.g. ${example}`)
  }
  return validateOptions(value, {where, base})
}
