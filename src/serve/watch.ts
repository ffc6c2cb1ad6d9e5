/**
 * Watch files and report changes in bursts: the steps of one save (an editor
 * that truncates then writes, or writes a copy and renames it over the brief)
 * make one call. Nothing waits for a file to stop growing: a save caught half
 * written is followed by the change event of its last step, which builds it
 * again, whole.
 */
import {watch, type FSWatcher} from 'chokidar'

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
  /** How deep to watch folders (default: all the way). */
  depth?: number
  /** Called with each changed file as soon as its change is seen, before the burst ends (default: nothing). */
  onEach?: (file: string) => void
}

export function watchFiles(paths: string[], onChange: (changed: Set<string>) => void, options: WatchOptions = {}): Watcher {
  const watcher: FSWatcher = watch(paths, {
    ignoreInitial: true,
    depth: options.depth,
    ignored: (file) => /(^|[\\/])(node_modules|\.git)([\\/]|$)/.test(file)
  })
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
  watcher.on('add', changed).on('change', changed).on('unlink', changed)
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()))
  return {
    ready,
    add(more) {
      watcher.add(more)
    },
    async close() {
      clearTimeout(timer)
      await watcher.close()
    }
  }
}
