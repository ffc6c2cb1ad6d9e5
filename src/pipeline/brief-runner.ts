/**
 * Runs each brief in a worker thread with a time limit: a brief that takes too
 * long is reported as an error and stopped, and the others still build.
 */
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'
import type {Point, Position} from 'unist'
import {VFile} from 'vfile'
import {report} from '../messages.js'
import {PACKAGE_DIR} from '../package.js'
import type {ResolvedOptions} from '../options.js'
import type {PageOptions} from './brief-pages.js'
import type {RenderedBrief} from './render-brief.js'

export interface WorkerJob {
  id: number
  path: string
  value: string
  cwd: string
}

export interface PlainMessage {
  reason: string
  ruleId?: string
  source?: string
  place?: Point | Position
  fatal?: boolean | null
  url?: string
  /** The file the message is about, when it is not the brief (a bibliography file). */
  file?: string
}

export interface WorkerReply {
  id: number
  messages: PlainMessage[]
  rendered?: RenderedBrief
  crash?: string
}

export function toPlainMessages(file: VFile): PlainMessage[] {
  return [file, ...(file.data.related ?? [])].flatMap((each) =>
    each.messages.map((message) => ({
      reason: message.reason,
      ruleId: message.ruleId ?? undefined,
      source: message.source ?? undefined,
      place: message.place ?? undefined,
      fatal: message.fatal,
      url: message.url ?? undefined,
      file: each === file ? undefined : each.path
    }))
  )
}

/** Put plain messages back on the brief, and on related files for the ones about another file. */
export function addPlainMessages(file: VFile, messages: PlainMessage[]): void {
  for (const message of messages) {
    const target = message.file === undefined ? file : relatedFile(file, message.file)
    const added = target.message(message.reason, {place: message.place, ruleId: message.ruleId, source: message.source})
    added.fatal = message.fatal
    if (message.url) added.url = message.url
  }
}

/** The brief's related file with this path, made on first use. */
export function relatedFile(file: VFile, filePath: string): VFile {
  file.data.related ??= []
  let related = file.data.related.find((each) => each.path === filePath)
  if (!related) {
    related = new VFile({path: filePath, cwd: file.cwd})
    file.data.related.push(related)
  }
  return related
}

export interface BriefRunner {
  /** Start the worker now, so that it loads while the caller does other work. */
  warm(): void
  /** Render a brief; its messages land on `file`. */
  render(file: VFile): Promise<RenderedBrief | undefined>
  close(): Promise<void>
}

export interface RunnerOptions {
  options: ResolvedOptions
  /** How the pages are written (default: every protection on). */
  pages?: PageOptions
  /** Most memory the worker's heap may use, in MiB; a brief that needs more is stopped and reported (default: 1,024). */
  memoryMb?: number
}

/** The worker's heap limit: far above what a brief under the limits needs (see parse/limits.ts). */
export const MEMORY_MB = 1024

/** The compiled worker, also when this module runs from the TypeScript sources (tests). */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url)
  const sibling = path.join(path.dirname(here), 'brief-worker.js')
  return fs.existsSync(sibling) ? sibling : path.join(PACKAGE_DIR, 'dist', 'pipeline', 'brief-worker.js')
}

export function createBriefRunner(options: RunnerOptions): BriefRunner {
  const timeoutMs = options.options.timeout
  let worker: Worker | undefined
  let ready: Promise<boolean> | undefined
  let startError: (Error & {code?: string}) | undefined
  let next = 0

  const memoryMb = options.memoryMb ?? MEMORY_MB
  const start = (): Worker => {
    const started = new Worker(workerFile(), {
      workerData: {options: options.options, pages: options.pages ?? {}},
      resourceLimits: {maxOldGenerationSizeMb: memoryMb}
    })
    started.unref()
    startError = undefined
    ready = new Promise((resolve) => {
      started.once('message', (message: {ready?: boolean}) => resolve(message.ready === true))
      started.once('error', (error: Error & {code?: string}) => {
        startError = error
        resolve(false)
      })
      started.once('exit', () => resolve(false))
    })
    worker = started
    return started
  }

  return {
    warm() {
      if (!worker) start()
    },
    async render(file) {
      const current = worker ?? start()
      // Keep the process alive while this brief is being built: an idle worker is unref'd, and a
      // worker that dies while starting must still be heard of (not a silent exit with code 0).
      current.ref()
      if (!(await ready)) {
        if (worker === current) worker = undefined
        if (startError?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          // The limit is too small for briefdeck itself: no brief could be built under it.
          report(
            file,
            `briefdeck needed more than ${memoryMb} MiB of memory just to start building briefs, so this brief was not built: raise the memory limit (memoryMb) to at least 128 MiB`,
            {line: 1, column: 1},
            'brief-out-of-memory'
          )
        } else internalError(file, 'the worker that builds briefs could not start')
        return undefined
      }
      const id = ++next
      return new Promise((resolve) => {
        const done = (rendered?: RenderedBrief) => {
          clearTimeout(timer)
          current.unref()
          current.off('message', onMessage)
          current.off('error', onError)
          current.off('exit', onExit)
          resolve(rendered)
        }
        const stop = () => {
          if (worker === current) worker = undefined
          void current.terminate()
        }
        const onMessage = (reply: WorkerReply) => {
          if (reply.id !== id) return
          addPlainMessages(file, reply.messages)
          if (reply.crash) internalError(file, reply.crash)
          done(reply.rendered)
        }
        const onError = (error: Error & {code?: string}) => {
          stop()
          if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
            report(
              file,
              `Building this brief needed more than ${memoryMb} MiB of memory, so it was stopped: look for very long passages, tables or lists, or split the brief`,
              {line: 1, column: 1},
              'brief-out-of-memory'
            )
          } else internalError(file, error.message)
          done()
        }
        const onExit = () => {
          if (worker === current) worker = undefined
          internalError(file, 'the worker building it stopped')
          done()
        }
        const timer = setTimeout(() => {
          stop()
          report(
            file,
            `Building this brief took longer than ${timeoutMs / 1000} s, so it was stopped: look for very long or deeply nested passages, or split the brief`,
            {line: 1, column: 1},
            'brief-timeout'
          )
          done()
        }, timeoutMs)
        current.on('message', onMessage)
        current.once('error', onError)
        current.once('exit', onExit)
        current.postMessage({id, path: file.path, value: String(file.value), cwd: file.cwd} satisfies WorkerJob)
      })
    },
    async close() {
      const current = worker
      worker = undefined
      await current?.terminate()
    }
  }
}

function internalError(file: VFile, reason: string): void {
  report(
    file,
    `briefdeck failed on this brief (${reason}). Its previous outputs are kept. This is a bug in briefdeck: please report it with the brief attached`,
    {line: 1, column: 1},
    'internal-error'
  )
}
