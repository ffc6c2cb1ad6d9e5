/**
 * Renders briefs in a pool of worker threads (piscina), one per core, each with
 * a time limit and a memory limit: a brief that takes too long or needs too
 * much is reported as an error and stopped, and the others still build.
 */
import fs from 'node:fs'
import {createRequire} from 'node:module'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {MessageChannel} from 'node:worker_threads'
import type {Piscina} from 'piscina'
import type {VFile} from 'vfile'
import {ConfigError, EnvironmentError} from '../errors.js'
import {PACKAGE_DIR} from '../package.js'
import type {ResolvedOptions} from '../options.js'
import type {PageOptions} from './brief-pages.js'
import type {RenderedBrief} from './render-brief.js'
import {addPlainMessages, STARTED, type WorkerJob, type WorkerReply} from './brief-messages.js'
import type {WorkerSettings, WorkerTask} from './brief-task.js'
import {answerSvgRequest, isSvgRequest, preloadSvgSanitizer} from './svg-requests.js'
import {createTurns} from '../turns.js'
import {internalError, reportFailure, type Failure} from './render-failures.js'

export interface RenderOptions {
  /**
   * Asked when a worker is free for the brief, before it is sent there:
   * `false` leaves it unbuilt (the caller says why on the file). Default:
   * always start. (It is not asked again once the worker has loaded: a main
   * thread busy loading the SVG sanitizer would keep the worker waiting.)
   */
  mayStart?: () => boolean
  /** Called when the brief's time limit passes, before it is stopped and before another brief is asked `mayStart`. */
  onTimedOut?: () => void
  /**
   * Wait behind every brief that is not in the background, so that work which
   * only warms the worker up delays a brief someone waits for by at most the
   * one under way (default: `false`).
   */
  background?: boolean
}

export interface BriefRunner {
  /**
   * Start a worker now, so that it loads while the caller does other work.
   * `briefs` (how many are to be rendered) sets how many are rendered at
   * once; with `svg`, the SVG sanitizer (which runs in this thread) loads meanwhile.
   */
  warm(options?: {briefs?: number; svg?: boolean}): void
  /** Render a brief; its messages land on `file`. */
  render(file: VFile, options?: RenderOptions): Promise<RenderedBrief | undefined>
  /**
   * Start rendering a brief before it is asked for: a `render` of the same
   * path, folder and text takes this result instead of rendering again.
   * `serve` does so while a burst of saves settles. One per path: a newer one
   * replaces it (the older one is not rendered unless it had started), and
   * the same one again is not started again. Nothing happens once the runner
   * is closed.
   */
  speculate(job: WorkerJob): void
  /** Drop the results of `speculate` not taken yet: all (a file they may have read changed), or the one of a path (the brief is gone). */
  forgetSpeculations(path?: string): void
  /** How many briefs it renders at once (set by the last `warm` with `briefs`). */
  readonly threads: number
  /** How many renders its workers have finished, speculative ones included. */
  readonly renders: number
  close(): Promise<void>
}

export interface RunnerOptions {
  options: ResolvedOptions
  /** How the pages are written (default: every protection on). */
  pages?: PageOptions
  /** Most memory each worker's heap may use, in MiB; a brief that needs more is stopped and reported (default: 1,024). */
  memoryMb?: number
  /** How many briefs are rendered at once, at most (default: one per core, at most 8; fewer for fewer briefs, see `plannedWorkers`). */
  threads?: number
  /** The young generation of each worker's heap, in MiB (default: `YOUNG_MB` for a pool of one worker, `SHARED_YOUNG_MB` for more; V8's own whenever `memoryMb` is under four times `YOUNG_MB`). */
  youngMb?: number
  /** Workers parse a brief they parsed before again only where it changed (default: `false`; for `serve`, which renders the same briefs again and again). */
  incremental?: boolean
}

/**
 * Briefs that make a worker worth starting on a core of its own: it takes
 * about a second of a core to load, and its first brief some 0.6 s (cold
 * code), a warm one some 70 ms.
 */
export const BRIEFS_PER_WORKER = 8

/**
 * Briefs that make a worker worth starting on a core that the build's own
 * thread needs too (it writes what the workers render). On two cores, one
 * worker built 40 generated briefs in 4.5 s and two in 5.2 s; at 100 briefs
 * they were even; at 200 two were faster (12.9 s against 14.8 s).
 */
export const BRIEFS_PER_SHARED_WORKER = 64

/**
 * How many workers render `briefs` briefs: one for each `BRIEFS_PER_WORKER`
 * on the cores the build's own thread leaves free, then one more for each
 * `BRIEFS_PER_SHARED_WORKER`; at least one, at most `most`.
 */
export function plannedWorkers(briefs: number, most: number, cores = os.availableParallelism()): number {
  const free = Math.max(1, cores - 1)
  const alone = Math.min(most, free, Math.max(1, Math.floor(briefs / BRIEFS_PER_WORKER)))
  if (alone < free || most <= free) return alone
  return Math.min(most, Math.max(alone, Math.floor(briefs / BRIEFS_PER_SHARED_WORKER)))
}

/** The worker's heap limit: far above what a brief under the limits needs (see parse/limits.ts). */
export const MEMORY_MB = 1024

/**
 * The worker's file: the bundled one (scripts/bundle.mjs) when the package is
 * built, else tsc's beside this module, else tsc's in dist/ (when this module
 * runs from the TypeScript sources, in tests).
 */
function workerFile(): string {
  const candidates = [
    path.join(PACKAGE_DIR, 'dist', 'cli', 'brief-worker.js'),
    path.join(path.dirname(fileURLToPath(import.meta.url)), 'brief-worker.js'),
    path.join(PACKAGE_DIR, 'dist', 'pipeline', 'brief-worker.js')
  ]
  return candidates.find((file) => fs.existsSync(file)) ?? candidates[2]
}

/**
 * The young generation of a worker's heap (MiB) when it renders one brief at
 * a time, as in `serve`: where a brief's short-lived nodes, tokens and
 * strings are made. At V8's default (some 48 MiB) a render spends a fifth of
 * its time collecting them; with 64 MiB, a warm worker rendered the bench's
 * briefs in 32–33 ms (median) instead of 40 (96 MiB: no faster). Two workers
 * with it build 200 briefs some 5% faster but peak at 470 MiB instead of 400,
 * so a pool of more workers has `SHARED_YOUNG_MB`.
 */
export const YOUNG_MB = 64

/**
 * The young generation of each worker's heap (MiB) in a pool of several,
 * below V8's default: two workers built 1000 briefs with a peak of 350 MiB
 * instead of 390, and 200 briefs in the same time (14.2 s against 14.3 s,
 * means of three runs each, taken in turn).
 */
export const SHARED_YOUNG_MB = 24

/** One worker per core, up to 8: each holds its own copy of the pipeline (some 140 MB) and may use up to `memoryMb`. */
export function defaultThreads(): number {
  return Math.min(8, os.availableParallelism())
}

/** The heap limits of a pool's workers (see `MEMORY_MB`, `YOUNG_MB`, `SHARED_YOUNG_MB`). */
export function workerLimits(memoryMb: number, threads: number, youngMb?: number): {maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb?: number} {
  // Under a tight memory limit a larger young generation would hold what the limit is there to stop: V8's is kept.
  const young = memoryMb < 4 * YOUNG_MB ? undefined : (youngMb ?? (threads === 1 ? YOUNG_MB : SHARED_YOUNG_MB))
  return {maxOldGenerationSizeMb: memoryMb, ...(young === undefined ? {} : {maxYoungGenerationSizeMb: young})}
}

/** piscina, loaded with the first pool (some 17 ms): a build that reuses every brief starts none. */
let piscina: typeof import('piscina') | undefined

function createPool(memoryMb: number, threads: number, youngMb: number | undefined): Piscina {
  piscina ??= createRequire(import.meta.url)('piscina') as typeof import('piscina')
  const pool = new piscina.Piscina({
    filename: workerFile(),
    minThreads: 1,
    maxThreads: threads,
    // A worker of a pool that has one brief at a time stays warm between saves in `serve`.
    idleTimeout: 60_000,
    concurrentTasksPerWorker: 1,
    resourceLimits: workerLimits(memoryMb, threads, youngMb)
  })
  // A worker that cannot start (no memory) fails its task; the pool itself must not throw.
  pool.on('error', () => {})
  return pool
}

/** How a worker's render of a brief ended, before its messages go on a file. */
type Outcome = {reply: WorkerReply} | Failure

/** A render started by `speculate`; `taken` once a `render` took it. */
interface Speculation {
  job: WorkerJob
  outcome: Promise<Outcome>
  taken?: boolean
}

export function createBriefRunner(options: RunnerOptions): BriefRunner {
  const timeoutMs = options.options.timeout
  const memoryMb = options.memoryMb ?? MEMORY_MB
  const most = Math.max(1, options.threads ?? defaultThreads())
  /** Briefs at work at once: the pool never starts a worker that this would leave idle. */
  const turns = createTurns(most)
  let pool: Piscina | undefined
  let closed = false
  /** Pools that could not start a worker, stopped with the runner (a brief may still be running in one). */
  const retired: Piscina[] = []
  /** Briefs waiting for a worker: told when the pool cannot start one. */
  const waiting = new Set<(error: Error) => void>()
  /** Renders started by `speculate`, by path. */
  const speculations = new Map<string, Speculation>()
  const settings: WorkerSettings = {options: options.options, pages: options.pages ?? {}, incremental: options.incremental}
  let renders = 0
  const poolNow = (): Piscina => {
    if (pool) return pool
    const made = createPool(memoryMb, turns.limit, options.youngMb)
    // A worker that fails to start (no memory) makes piscina stop starting workers, and a brief queued for one would
    // wait for ever: the waiting briefs fail with that worker's error, and the next brief gets a new pool.
    made.on('error', (error: Error) => {
      // Another worker still alive takes the waiting briefs.
      if (pool !== made || made.threads.length > 0) return
      pool = undefined
      retired.push(made)
      for (const fail of [...waiting]) fail(error)
    })
    return (pool = made)
  }

  /** Render a job in a worker, when a turn is free and it is still `wanted` then. */
  const run = async (job: WorkerJob, renderOptions: RenderOptions, wanted = () => true): Promise<Outcome> => {
    const done = await turns.take({background: renderOptions.background})
    // A closed runner starts no pool again: nobody would stop it. A speculation replaced meanwhile is not rendered.
    if (closed || !wanted()) {
      done()
      return {error: new Error(closed ? 'the runner is closed' : 'no longer wanted'), started: false, timedOut: false}
    }
    if (!(renderOptions.mayStart?.() ?? true)) {
      done()
      return {reply: {messages: [], notStarted: true}}
    }
    const {port1, port2} = new MessageChannel()
    // [0]: an SVG answer is posted (svg-requests.ts); [1]: the worker began the brief (`STARTED`).
    const flag = new Int32Array(new SharedArrayBuffer(8))
    const abort = new AbortController()
    let started = false
    let timedOut = false
    let timer: NodeJS.Timeout | undefined
    /** Why the pool could not start a worker for this brief. */
    let failure: Error | undefined
    const fail = (error: Error) => {
      if (started || Atomics.load(flag, STARTED) === 1) return
      failure = error
      abort.abort()
    }
    waiting.add(fail)
    port1.on('message', (message: unknown) => {
      if (isSvgRequest(message)) {
        void answerSvgRequest(port1, flag, message)
        return
      }
      // 'started': the worker has its environment and begins the brief.
      started = true
      timer = setTimeout(() => {
        timedOut = true
        // Before the turn passes on: the next brief's `mayStart` counts this one.
        renderOptions.onTimedOut?.()
        abort.abort()
      }, timeoutMs)
    })
    const task: WorkerTask = {job, settings, port: port2, flag}
    try {
      const reply = (await poolNow().run(task, {transferList: [port2], signal: abort.signal})) as WorkerReply
      if (!reply.notStarted) renders++
      return {reply}
    } catch (error) {
      // The worker may have begun and failed before this thread read its 'started' (while it was loading the sanitizer).
      return {error: failure ?? error, started: started || Atomics.load(flag, STARTED) === 1, timedOut}
    } finally {
      waiting.delete(fail)
      clearTimeout(timer)
      port1.close()
      done()
    }
  }

  /** Put an outcome's messages on the file; the rendered brief, if any. */
  const settle = (file: VFile, outcome: Outcome): RenderedBrief | undefined => {
    if ('reply' in outcome) {
      const {reply} = outcome
      if (reply.configError !== undefined) throw new ConfigError(reply.configError)
      if (reply.environmentError !== undefined) throw new EnvironmentError(reply.environmentError)
      if (reply.notStarted) return undefined
      addPlainMessages(file, reply.messages)
      if (reply.crash) internalError(file, reply.crash)
      return reply.rendered
    }
    reportFailure(file, outcome, {timeoutMs, memoryMb})
    return undefined
  }

  return {
    get threads() {
      return turns.limit
    },
    get renders() {
      return renders
    },
    warm(warmOptions = {}) {
      if (closed) return
      // Fewer at work than the pool has workers leaves the others idle (they stop after a while); more would only queue.
      if (warmOptions.briefs !== undefined) turns.limit = Math.min(plannedWorkers(warmOptions.briefs, most), pool?.maxThreads ?? most)
      poolNow()
      if (warmOptions.svg) preloadSvgSanitizer()
    },
    async render(file, renderOptions = {}) {
      const job: WorkerJob = {path: file.path, value: String(file.value), cwd: file.cwd}
      // A render in the background only warms the worker up: it leaves the speculations to the rebuild.
      if (renderOptions.background) return settle(file, await run(job, renderOptions))
      const ahead = speculations.get(job.path)
      const taken = ahead && ahead.job.value === job.value && ahead.job.cwd === job.cwd
      if (taken) ahead.taken = true
      if (ahead) speculations.delete(job.path)
      return settle(file, await (taken ? ahead.outcome : run(job, renderOptions)))
    },
    speculate(job) {
      const same = speculations.get(job.path)?.job
      if (closed || (same && same.value === job.value && same.cwd === job.cwd)) return
      const entry = {job} as Speculation
      // Wanted while it is the path's latest, or once a render has taken it.
      entry.outcome = run(job, {}, () => entry.taken === true || speculations.get(job.path) === entry)
      speculations.set(job.path, entry)
    },
    forgetSpeculations(path) {
      if (path === undefined) speculations.clear()
      else speculations.delete(path)
    },
    async close() {
      closed = true
      speculations.clear()
      const current = [pool, ...retired.splice(0)]
      pool = undefined
      await Promise.all(current.map((each) => each?.destroy()))
    }
  }
}
