/**
 * One build at a time per output folder: a build that writes holds a lock on
 * `out/` (the folder `out/.briefdeck/lock`, made by proper-lockfile) from
 * reading the manifest to writing it back, so two builds — two terminals,
 * `serve` and a CI script — never lose each other's manifest updates or
 * clean up each other's stages. The lock's folder is touched every
 * `UPDATE_MS` while it is held; one untouched for `STALE_MS` was left by a
 * killed build and is taken over. A build waits for the lock (saying so once)
 * up to a timeout, then fails with an environment error.
 */
import fs from 'node:fs'
import path from 'node:path'
import lockfile from 'proper-lockfile'
import {EnvironmentError} from '../errors.js'
import {isInside} from '../paths.js'

export const LOCK_PATH = '.briefdeck/lock'
/** A lock untouched this long is stale (its build was killed); proper-lockfile's minimum is 2 s. */
export const STALE_MS = 10_000
/** How often a held lock is touched: four times per stale period, so a busy event loop does not lose it. */
export const UPDATE_MS = 2_500
/** How long a build waits for another one by default: 10 minutes. */
export const DEFAULT_TIMEOUT_MS = 10 * 60_000
/** Pause between two attempts while waiting. */
const POLL_MS = 200

export interface LockOptions {
  /** Longest wait for another build, in milliseconds (default: `DEFAULT_TIMEOUT_MS`). */
  timeout?: number
  /** Called once if the lock is held by another build, before waiting (default: nothing). */
  onWait?: (message: string) => void
  /** Where paths in messages are relative to (default: absolute paths). */
  root?: string
}

/** Take the lock on `outDir` (created if missing), waiting for another build; resolves to its release. */
export async function lockOutput(outDir: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const lockPath = path.join(outDir, LOCK_PATH)
  const shown = (file: string) => (options.root && isInside(options.root, file) ? path.relative(options.root, file) || '.' : file)
  fs.mkdirSync(path.dirname(lockPath), {recursive: true})
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS
  const deadline = Date.now() + timeout
  let compromised: Error | undefined
  let waited = false
  for (;;) {
    try {
      // The synchronous API: the same lock, without three round trips through libuv's threads (some 10 ms of a 300 ms rebuild).
      const release = lockfile.lockSync(outDir, {
        lockfilePath: lockPath,
        realpath: false,
        stale: STALE_MS,
        update: UPDATE_MS,
        // Taken over, or its folder deleted, while this build held it: reported when the build releases it.
        onCompromised: (error) => void (compromised = error)
      })
      return async () => {
        if (compromised) {
          throw new EnvironmentError(
            `another process took over or removed the lock ${shown(lockPath)} while this build held it (${compromised.message}), so two builds may have written ${shown(outDir)}/ at once: run the build again`
          )
        }
        release()
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error
    }
    if (!waited) {
      waited = true
      options.onWait?.(`Waiting for another build of ${shown(outDir)}/ to finish (lock: ${shown(lockPath)})…`)
    }
    if (Date.now() >= deadline) {
      throw new EnvironmentError(
        `another build of ${shown(outDir)}/ still holds the lock ${shown(lockPath)} after ${formatDuration(timeout)}. Wait for that build to finish and run this one again; if no build is running, delete the folder ${shown(lockPath)}`
      )
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS + Math.random() * POLL_MS, Math.max(0, deadline - Date.now()))))
  }
}

function formatDuration(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${+(ms / 1000).toFixed(1)} s`
}
