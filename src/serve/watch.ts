/**
 * Watch files and report changes in bursts: the steps of one save (an editor
 * that truncates then writes, or writes a copy and renames it over the brief)
 * make one call. Nothing waits for a file to stop growing: a save caught half
 * written is followed by the change event of its last step, which builds it
 * again, whole.
 *
 * The files in folders are watched through their folders (see
 * `watchFolders`); chokidar watches the files given one by one. chokidar
 * watching a folder reads it again, with a `stat` of every entry, at each
 * event inside it: in a folder of 200 briefs each save cost the server
 * 20–57 ms of work while the saved brief rendered (2 ms with the files alone);
 * and a file's own watch does not survive the file being deleted and written
 * again at once, which only the folder sees.
 */
import fs from 'node:fs'
import path from 'node:path'
import {watch, type FSWatcher} from 'chokidar'
import {watchFolders, type FolderWatcher} from './watch-folders.js'

export interface Watcher {
  /** Resolves once the first scan is done: changes from then on are seen. */
  ready: Promise<void>
  /** Watch more paths (files or folders). */
  add(paths: string[]): void
  close(): Promise<void>
}

/** See `WatchOptions.debounceMs`. */
export const DEBOUNCE_MS = 25

export interface WatchOptions {
  /** Quiet time that ends a burst (default: 25 ms, some five times the longest gap between the steps of an editor's save). */
  debounceMs?: number
  /** How deep to watch folders (default: all the way; 0 is a folder's own entries). */
  depth?: number
  /** Called with each changed file as soon as its change is seen, before the burst ends (default: nothing). */
  onEach?: (file: string) => void
  /** Called when a folder cannot be watched, so its changes go unseen (default: nothing). */
  onError?: (folder: string, error: NodeJS.ErrnoException) => void
}

/** Folders and files never watched. */
export const IGNORED = /(^|[\\/])(node_modules|\.git)([\\/]|$)/

export function watchFiles(paths: string[], onChange: (changed: Set<string>) => void, options: WatchOptions = {}): Watcher {
  let pending = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  const changed = (file: string) => {
    options.onEach?.(file)
    pending.add(file)
    clearTimeout(timer)
    timer = setTimeout(() => {
      const batch = pending
      pending = new Set()
      onChange(batch)
    }, options.debounceMs ?? DEBOUNCE_MS)
  }
  const folders: FolderWatcher = watchFolders({
    depth: options.depth,
    ignored: (file) => IGNORED.test(file),
    onFile: changed,
    onError: options.onError
  })
  /** The files of `more` given one by one (its folders are watched from now on, with their files). */
  const filesOf = (more: string[]) => more.flatMap((given) => {
    const absolute = path.resolve(given)
    if (!isFolder(absolute)) return [absolute]
    folders.add(absolute)
    return []
  })
  const initial = filesOf(paths)
  const files: FSWatcher = watch(initial, {ignoreInitial: true, ignored: (file) => IGNORED.test(file)})
  files.on('add', changed).on('change', changed).on('unlink', changed)
  // chokidar given nothing to watch never says it is ready.
  const ready = initial.length === 0 ? Promise.resolve() : new Promise<void>((resolve) => files.once('ready', () => resolve()))
  return {
    ready,
    add(more) {
      const given = filesOf(more)
      if (given.length > 0) files.add(given)
    },
    async close() {
      clearTimeout(timer)
      folders.close()
      await files.close()
    }
  }
}

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory()
  } catch {
    return false
  }
}
