/**
 * What `serve` renders before it is asked, so that a save shows sooner:
 *
 * - a saved brief starts rendering as soon as its change is seen, while the
 *   burst of saves it may belong to settles; the rebuild takes that result
 *   when the brief still reads the same (see `BriefRunner.speculate`);
 * - a worker that has rendered few briefs or none (every brief was reused from
 *   the last build) renders the newest briefs up to `REHEARSALS` times in all, results thrown away,
 *   so that its code is compiled before the first save instead of over the
 *   first twenty. Each of these renders waits behind every rebuild (see
 *   `RenderOptions.background`), so a save waits at most for the one under way.
 */
import fs from 'node:fs'
import path from 'node:path'
import {VFile} from 'vfile'
import type {BriefRunner} from '../pipeline/brief-runner.js'
import {readBriefs} from '../pipeline/read-briefs.js'

/**
 * Renders that warm a worker up. In one process, a brief of the bench's
 * project rendered in 45 + 46 ms after no others, 34 + 38 ms after 5, and
 * 21 + 23 ms after 20 (analysis + pages, 300 ms apart as saves come).
 */
export const REHEARSALS = 24

/**
 * The briefs rehearsed: the newest, in turn. The same few again parse only
 * their kept chunks (see parse/chunked-parse.ts), so a rehearsal that a
 * save waits for takes some 25 ms rather than 50–130 (a brief parsed whole
 * with cold code), and the rehearsals end sooner.
 */
export const REHEARSED_BRIEFS = 3

export interface RenderAheadOptions {
  /** The project folder: the root of the briefs' paths, and the only place read from. */
  root: string
  /** The runner now in use (serve makes a new one when themes or settings change). */
  runner: () => BriefRunner
}

export interface RenderAhead {
  /** A file changed: a brief (`brief: true`) starts rendering; anything else drops what was rendered ahead, since the brief may use it. */
  changed(file: string, brief: boolean): void
  /** Render these briefs, newest first, `count` times in all, until `stop` or one of them fails. */
  rehearse(briefs: string[], count?: number): Promise<void>
  /** No more rehearsals; resolves once the one under way is done. */
  stop(): Promise<void>
}

export function createRenderAhead(options: RenderAheadOptions): RenderAhead {
  const root = path.resolve(options.root)
  let rehearsing = true
  let rehearsal: Promise<void> = Promise.resolve()
  /** The brief as a build reads it (relative path, its text), or nothing when it is outside the project, unreadable or wrong in any other way. */
  const job = (file: string) => {
    const [read] = readBriefs([file], root, {onUnreadable: () => undefined})
    if (read.data.unreadable || read.messages.length > 0) return undefined
    return {path: read.path, value: String(read.value), cwd: root}
  }
  return {
    changed(file, brief) {
      const runner = options.runner()
      if (!brief) return runner.forgetSpeculations()
      const read = job(file)
      // A brief that is gone (or now leads outside the project) keeps nothing rendered ahead.
      if (read) runner.speculate(read)
      else runner.forgetSpeculations(path.relative(root, file) || file)
    },
    rehearse(briefs, count = REHEARSALS) {
      const newest = briefs
        .map((file) => ({file, time: mtime(file)}))
        .filter((each) => each.time !== undefined)
        .sort((a, b) => (b.time ?? 0) - (a.time ?? 0))
        .map((each) => each.file)
        .slice(0, REHEARSED_BRIEFS)
      rehearsal = (async () => {
        for (let done = 0; done < count && rehearsing && newest.length > 0; done++) {
          const read = job(newest[done % newest.length])
          if (!read) return
          const file = new VFile(read)
          try {
            // A brief that fails (or takes too long) would only hold up the saves behind it: the rehearsal ends.
            if (!(await options.runner().render(file, {background: true})) || file.messages.some((message) => message.fatal)) return
          } catch {
            // A broken theme or template: the rebuilds report it.
            return
          }
        }
      })()
      return rehearsal
    },
    async stop() {
      rehearsing = false
      await rehearsal
    }
  }
}

function mtime(file: string): number | undefined {
  try {
    return fs.statSync(file).mtimeMs
  } catch {
    return undefined
  }
}
