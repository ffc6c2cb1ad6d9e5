/**
 * Folders watched for the names in them that come and go: a file that
 * appears (a new brief, a picture), a file put in another's place (an editor
 * that saves by renaming a copy over the file), a file or folder that goes.
 * A file's own changes are not looked for here (its own watcher sees them),
 * and an event costs one `stat` of the name it is about, never a read of the
 * whole folder.
 */
import fs from 'node:fs'
import path from 'node:path'

/** How long after a file appears its changes are reported here as well as by its own watcher, which takes a moment to start. */
const FRESH_MS = 1000

export interface FolderWatchOptions {
  /** How deep below a folder added to watch (default: all the way; 0 is the folder's own entries). */
  depth?: number
  /** Paths never watched nor reported (default: none). */
  ignored?: (file: string) => boolean
  /**
   * A file appeared (`known: false`), or an event named a file already known:
   * one put in its place, or one that went (it no longer exists then).
   */
  onFile: (file: string, known: boolean) => void
}

export interface FolderWatcher {
  /** Watch a folder (and those below it, to `depth`); the files in it now, which are not reported. */
  add(folder: string): string[]
  close(): void
}

export function watchFolders(options: FolderWatchOptions): FolderWatcher {
  const ignored = options.ignored ?? (() => false)
  const maxDepth = options.depth ?? Infinity
  /** Watched folders by path: their watcher and how deep they lie below the folder added. */
  const folders = new Map<string, {watcher: fs.FSWatcher; level: number; real: string}>()
  const files = new Set<string>()
  /** Files that appeared lately, by when: their own watcher may not be there yet, so their changes are reported here too. */
  const fresh = new Map<string, number>()

  /** Watch `folder` and, below `maxDepth`, the folders in it; the files found. */
  const scan = (folder: string, level: number, found: string[]): string[] => {
    if (folders.has(folder) || ignored(folder)) return found
    let real: string
    let entries: fs.Dirent[]
    try {
      real = fs.realpathSync(folder)
      // A link back to a folder already watched (a loop) is not followed again.
      if ([...folders.values()].some((each) => each.real === real)) return found
      entries = fs.readdirSync(folder, {withFileTypes: true})
    } catch {
      return found
    }
    let watcher: fs.FSWatcher
    try {
      watcher = fs.watch(folder, {persistent: true}, (event, name) => (name ? seen(path.join(folder, name.toString()), level, event) : rescan(folder, level)))
    } catch {
      return found
    }
    // A folder that goes, or that can no longer be watched, is forgotten with what was in it.
    watcher.on('error', () => forget(folder))
    folders.set(folder, {watcher, level, real})
    for (const entry of entries) {
      const full = path.join(folder, entry.name)
      if (ignored(full)) continue
      const kind = kindOf(full)
      if (kind === 'folder' && level < maxDepth) scan(full, level + 1, found)
      else if (kind === 'file') {
        files.add(full)
        found.push(full)
      }
    }
    return found
  }

  /** An event named `file`, inside a folder `level` deep: a name that came or went (`rename`), or a file whose content changed. */
  const seen = (file: string, level: number, event: fs.WatchEventType = 'rename'): void => {
    if (ignored(file)) return
    const known = files.has(file)
    // A known file written in place: its own watcher reports that.
    if (known && event === 'change' && !isFresh(file)) return
    const kind = kindOf(file)
    if (kind === 'file') {
      if (!known) fresh.set(file, Date.now())
      files.add(file)
      options.onFile(file, known)
    } else if (kind === 'folder') {
      if (level < maxDepth && !folders.has(file)) for (const each of scan(file, level + 1, [])) options.onFile(each, false)
    } else if (known) {
      files.delete(file)
      options.onFile(file, true)
    } else if (folders.has(file)) {
      for (const each of forget(file)) options.onFile(each, true)
    }
  }

  const isFresh = (file: string): boolean => {
    const since = fresh.get(file)
    if (since !== undefined && Date.now() - since < FRESH_MS) return true
    fresh.delete(file)
    return false
  }

  /** An event that named nothing: every name in the folder is looked at. */
  const rescan = (folder: string, level: number): void => {
    let names: string[] = []
    try {
      names = fs.readdirSync(folder)
    } catch {
      // The folder itself went: its own event says so.
    }
    const present = new Set(names.map((name) => path.join(folder, name)))
    for (const file of present) if (!files.has(file) && !folders.has(file)) seen(file, level)
    for (const file of [...files]) if (path.dirname(file) === folder && !present.has(file)) seen(file, level)
  }

  /** Stop watching a folder and those below it; the files that were known in them. */
  const forget = (folder: string): string[] => {
    const gone: string[] = []
    for (const [each, entry] of folders) {
      if (each === folder || each.startsWith(folder + path.sep)) {
        entry.watcher.close()
        folders.delete(each)
      }
    }
    for (const file of files) {
      if (file.startsWith(folder + path.sep)) {
        files.delete(file)
        gone.push(file)
      }
    }
    return gone
  }

  return {
    add: (folder) => scan(path.resolve(folder), 0, []),
    close() {
      for (const {watcher} of folders.values()) watcher.close()
      folders.clear()
      files.clear()
      fresh.clear()
    }
  }
}

function kindOf(file: string): 'file' | 'folder' | undefined {
  try {
    const stat = fs.statSync(file)
    return stat.isDirectory() ? 'folder' : stat.isFile() ? 'file' : undefined
  } catch {
    return undefined
  }
}
