/**
 * The package itself: its folder (for its default themes and templates) and
 * its version, read in one place.
 */
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

/** The package's own folder: the nearest one above this module with a package.json (the sources, tsc's output and the bundles sit at different depths). */
export const PACKAGE_DIR = packageDir(path.dirname(fileURLToPath(import.meta.url)))

function packageDir(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir
    if (path.dirname(dir) === dir) return path.resolve(from, '..')
  }
}

let version: string | undefined

/** briefdeck's own version, part of what outputs depend on. */
export function packageVersion(): string {
  version ??= (JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as {version: string}).version
  return version
}

/** The package's folder of that name, then the project's (or the configured one) on top of it. */
export function layered(root: string, name: string, configured?: string): string[] {
  const own = configured ?? path.join(root, name)
  const base = path.join(PACKAGE_DIR, name)
  return path.resolve(own) === path.resolve(base) || !fs.existsSync(own) ? [base] : [base, own]
}
