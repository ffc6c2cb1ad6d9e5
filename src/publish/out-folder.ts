/**
 * Where a build may write: the output folder, resolved through symbolic
 * links once, must not be the project or hold a brief; and every folder the
 * build writes into (`out/<slug>/…`, `out/.briefdeck/…`) must be a real
 * folder below it, not a link that would carry the writes somewhere else.
 * Both are checked before anything is written.
 */
import fs from 'node:fs'
import path from 'node:path'
import {ConfigError, EnvironmentError} from '../errors.js'
import {isInside, realPath, realPathsOf} from '../paths.js'

/** The output folder as the file system will resolve it (its real path, or its nearest existing parent's). */
export function resolveOutFolder(root: string, out: string, briefs: readonly string[]): string {
  const realRoot = realPath(root)
  const outDir = realPath(out)
  const given = path.resolve(root, out)
  // A link in the project (committed by anyone) may not carry the build's writes out of it, or into .git.
  if (isInside(path.resolve(root), given) && given !== outDir && !isInside(realRoot, outDir)) {
    throw new ConfigError(
      `The output folder ${given} is a symbolic link to ${outDir}, outside the project, so nothing was written: if you mean to write there, give that folder itself with --out (or \`out\` in the config)`
    )
  }
  if (isInside(realRoot, outDir) && path.relative(realRoot, outDir).split(path.sep).some((part) => part.startsWith('.'))) {
    throw new ConfigError(`The output folder ${outDir} is a hidden folder or inside one (such as .git), so nothing was written: use a folder of its own, such as out/`)
  }
  if (isInside(outDir, realRoot)) {
    const via = outDir === path.resolve(out) ? '' : ` (${out} leads there through a symbolic link)`
    throw new ConfigError(`The output folder ${outDir} is the project folder or contains it${via}: use a folder of its own, such as out/`)
  }
  for (const [brief, real] of realPathsOf(briefs)) {
    if (isInside(outDir, real)) {
      throw new ConfigError(`The output folder ${outDir} contains the brief ${brief}: keep briefs out of the output folder, which is rewritten by every build`)
    }
  }
  return outDir
}

/** The files found under each folder a build writes into, relative to it with `/` between names. */
export type FolderListings = Map<string, Set<string>>

/**
 * Refuse to write when a folder the build writes into is a symbolic link (or
 * not a folder): `folders` are relative to the output folder, checked with
 * everything below them. The same walk lists their files, so a build that
 * reuses a brief's outputs (see `canReuse`) reads its folder once, not twice.
 */
export function checkWriteFolders(outDir: string, folders: readonly string[]): FolderListings {
  const listings: FolderListings = new Map()
  for (const folder of folders) {
    const absolute = path.join(outDir, folder)
    // Each step from out/ down to the folder…
    let current = outDir
    for (const part of path.relative(outDir, absolute).split(path.sep).filter(Boolean)) {
      current = path.join(current, part)
      const stat = lstat(current)
      if (!stat) break
      refuseLink(outDir, current, stat)
    }
    // …and everything inside it.
    const files = new Set<string>()
    if (lstat(absolute)?.isDirectory()) walk(outDir, absolute, '', files)
    listings.set(folder, files)
  }
  return listings
}

/** Walk `dir`, refusing links, adding its files to `files` as `prefix` + their path. */
function walk(outDir: string, dir: string, prefix: string, files: Set<string>): void {
  // Entries with their types (one call per folder): Node 20's recursive readdir costs twice this walk.
  for (const entry of fs.readdirSync(dir, {withFileTypes: true})) {
    const absolute = path.join(dir, entry.name)
    if (entry.isSymbolicLink()) refuseLink(outDir, absolute, fs.lstatSync(absolute))
    else if (entry.isDirectory()) walk(outDir, absolute, `${prefix}${entry.name}/`, files)
    else if (entry.isFile()) files.add(prefix + entry.name)
  }
}

function refuseLink(outDir: string, target: string, stat: fs.Stats): void {
  if (stat.isSymbolicLink()) {
    let to = ''
    try {
      to = ` to ${fs.readlinkSync(target)}`
    } catch {}
    throw new EnvironmentError(
      `${target} is a symbolic link${to}. briefdeck writes only into real folders inside ${outDir}, so nothing was written: remove the link (or replace it with a folder), then build again`
    )
  }
  if (!stat.isDirectory() && !stat.isFile()) {
    throw new EnvironmentError(`${target} is neither a file nor a folder, so nothing was written: remove it from ${outDir}, then build again`)
  }
}

function lstat(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file)
  } catch {
    return undefined
  }
}
