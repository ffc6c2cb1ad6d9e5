/**
 * Watch files and report changes in bursts: many saves close together make
 * one call.
 */
import {watch, type FSWatcher} from 'chokidar'

export interface Watcher {
  /** Resolves once the first scan is done: changes from then on are seen. */
  ready: Promise<void>
  /** Watch more paths (files or folders). */
  add(paths: string[]): void
  close(): Promise<void>
}

export interface WatchOptions {
  /** Quiet time that ends a burst (default: 120 ms). */
  debounceMs?: number
  /** How deep to watch folders (default: all the way). */
  depth?: number
}

export function watchFiles(paths: string[], onChange: (changed: Set<string>) => void, options: WatchOptions = {}): Watcher {
  const watcher: FSWatcher = watch(paths, {
    ignoreInitial: true,
    depth: options.depth,
    awaitWriteFinish: {stabilityThreshold: 40, pollInterval: 10},
    ignored: (file) => /(^|[\\/])(node_modules|\.git)([\\/]|$)/.test(file)
  })
  let pending = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  const changed = (file: string) => {
    pending.add(file)
    clearTimeout(timer)
    timer = setTimeout(() => {
      const batch = pending
      pending = new Set()
      onChange(batch)
    }, options.debounceMs ?? 120)
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
