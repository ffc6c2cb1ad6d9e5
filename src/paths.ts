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
