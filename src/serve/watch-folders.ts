/**
 * Folders watched for every file in them: one that appears (a new brief, a
 * picture), is written, is put in another's place (an editor that saves by
 * renaming a copy over the file) or goes, and folders that come and go with
 * their files. An event costs one `stat` of the name it is about, never a read
 * of the whole folder.
 */
import fs from 'node:fs'
import path from 'node:path'

export interface FolderWatchOptions {
  /** How deep below a folder added to watch (default: all the way; 0 is the folder's own entries). */
  depth?: number
  /** Paths never watched nor reported (default: none). */
  ignored?: (file: string) => boolean
  /** A file appeared (`known: false`), or an event named a file already known: written, replaced, or gone (it no longer exists then). */
  onFile: (file: string, known: boolean) => void
  /** A folder that exists could not be watched (no inotify watches left, no permission), so changes in it go unseen (default: nothing). */
  onError?: (folder: string, error: NodeJS.ErrnoException) => void
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
  const folders = new Map<string, {watcher: fs.FSWatcher; level: number; real: string; id: string}>()
  const files = new Set<string>()

  /** Watch `folder` and, below `maxDepth`, the folders in it; the files found. */
  const scan = (folder: string, level: number, found: string[]): string[] => {
    if (folders.has(folder) || ignored(folder)) return found
    let real: string
    let id: string
    try {
      real = fs.realpathSync(folder)
      id = identity(fs.statSync(folder))
      // A link back to a folder already watched (a loop) is not followed again.
      if ([...folders.values()].some((each) => each.real === real)) return found
    } catch {
      return found
    }
    let watcher: fs.FSWatcher
    let entries: fs.Dirent[]
    try {
      // Watched before it is read: a file made in between is seen by one or the other.
      watcher = fs.watch(folder, {persistent: true}, (_event, name) => (name ? seen(path.join(folder, name.toString()), level) : rescan(folder, level)))
    } catch (error) {
      if (fs.existsSync(folder)) options.onError?.(folder, error as NodeJS.ErrnoException)
      return found
    }
    try {
      entries = fs.readdirSync(folder, {withFileTypes: true})
    } catch {
      watcher.close()
      return found
    }
    // A folder that goes, or that can no longer be watched (Windows says EPERM when it is deleted), is forgotten, and so are its files.
    watcher.on('error', (error: NodeJS.ErrnoException) => {
      if (fs.existsSync(folder)) options.onError?.(folder, error)
      for (const each of forget(folder)) options.onFile(each, true)
    })
    folders.set(folder, {watcher, level, real, id})
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

  /** An event named `file`, inside a folder `level` deep: a name that came or went, or a file written. */
  const seen = (file: string, level: number): void => {
    if (ignored(file)) return
    const known = files.has(file)
    const kind = kindOf(file)
    if (kind === 'file') {
      files.add(file)
      options.onFile(file, known)
    } else if (kind === 'folder') {
      if (level >= maxDepth) return
      // A folder deleted and made again at once (a checkout, a generator) is another folder: its old watch sees nothing more.
      const watched = folders.get(file)
      if (watched && watched.id === identityOf(file)) return
      const gone = watched ? forget(file) : []
      const now = scan(file, level + 1, [])
      for (const each of now) options.onFile(each, gone.includes(each))
      for (const each of gone) if (!now.includes(each)) options.onFile(each, true)
    } else if (known) {
      files.delete(file)
      options.onFile(file, true)
    } else if (folders.has(file)) {
      for (const each of forget(file)) options.onFile(each, true)
    }
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
    }
  }
}

/** What tells a folder from another made at the same path. */
function identity(stat: fs.Stats): string {
  return `${stat.dev}:${stat.ino}:${stat.birthtimeMs}`
}

function identityOf(file: string): string | undefined {
  try {
    return identity(fs.statSync(file))
  } catch {
    return undefined
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
