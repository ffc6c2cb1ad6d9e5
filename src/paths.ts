/**
 * The one answer to "is this path inside that folder", used wherever a brief,
 * an image or an output must stay in its place.
 */
import fs from 'node:fs'
import path from 'node:path'

/** Whether `target` is `folder` itself or lies below it (both taken as given: resolve symlinks first). */
export function isInside(folder: string, target: string): boolean {
  const relative = path.relative(folder, target)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}

/** Whether `target` lies strictly below `folder`. */
export function isBelow(folder: string, target: string): boolean {
  return isInside(folder, target) && path.relative(folder, target) !== ''
}

/**
 * The system's realpath(3) (a third of the cost of Node's own, which looks up
 * each part of the path), except on Windows, where it fails on some drives.
 */
const resolveLinks = process.platform === 'win32' ? fs.realpathSync : fs.realpathSync.native

/** A path with every symbolic link resolved: its real path, or its nearest existing parent's with the rest added. */
export function realPath(target: string): string {
  const absolute = path.resolve(target)
  try {
    return resolveLinks(absolute)
  } catch {
    const parent = path.dirname(absolute)
    return parent === absolute ? absolute : path.join(realPath(parent), path.basename(absolute))
  }
}

/**
 * The real paths of many files in a few folders (a build's briefs), by path:
 * each folder resolved once, each file looked at on its own (one that is a
 * link, or cannot be looked at, resolved whole). Some 5 system calls fewer per
 * file than `realPath`. For checks made before a brief is read (where the
 * output folder is); a brief is read through the real path found as it is read.
 */
export function realPathsOf(files: readonly string[]): Map<string, string> {
  const folders = new Map<string, string>()
  const real = new Map<string, string>()
  for (const file of files) {
    const absolute = path.resolve(file)
    const stat = lstat(absolute)
    if (!stat || stat.isSymbolicLink()) {
      real.set(file, realPath(absolute))
      continue
    }
    const folder = path.dirname(absolute)
    let realFolder = folders.get(folder)
    if (realFolder === undefined) folders.set(folder, (realFolder = realPath(folder)))
    real.set(file, path.join(realFolder, path.basename(absolute)))
  }
  return real
}

/** The file's own status, or nothing when it cannot be had (gone, no permission, not in a folder). */
function lstat(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file)
  } catch {
    return undefined
  }
}
