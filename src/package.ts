/**
 * The package itself: its folder (for its default themes and templates) and
 * its version, read in one place.
 */
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

/** The package's own folder: `src/..` when run from the sources, `dist/..` when built. */
export const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

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
