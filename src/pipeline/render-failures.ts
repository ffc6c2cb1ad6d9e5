/**
 * What a brief's file says when its worker did not bring it back: it took too
 * long, needed too much memory, or briefdeck failed on it.
 */
import type {VFile} from 'vfile'
import {BriefdeckError} from '../errors.js'
import {report} from '../messages.js'

/** A render that ended without a reply from the worker. */
export interface Failure {
  error: unknown
  /** Whether the worker had started the brief. */
  started: boolean
  /** Whether it was stopped at its time limit. */
  timedOut: boolean
}

export interface Limits {
  timeoutMs: number
  memoryMb: number
}

/** Report why the brief was not rendered; a briefdeck error (a broken theme) is thrown on. */
export function reportFailure(file: VFile, {error, started, timedOut}: Failure, {timeoutMs, memoryMb}: Limits): void {
  if (error instanceof BriefdeckError) throw error
  const code = (error as {code?: string} | undefined)?.code
  if (timedOut) {
    report(
      file,
      `Building this brief took longer than ${timeoutMs / 1000} s, so it was stopped: look for very long or deeply nested passages, or split the brief`,
      {line: 1, column: 1},
      'brief-timeout'
    )
  } else if (code === 'ERR_WORKER_OUT_OF_MEMORY' && !started) {
    // The limit is too small for briefdeck itself: no brief could be built under it.
    report(
      file,
      `briefdeck needed more than ${memoryMb} MiB of memory just to start building briefs, so this brief was not built: raise the memory limit (memoryMb) to at least 128 MiB`,
      {line: 1, column: 1},
      'brief-out-of-memory'
    )
  } else if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    report(
      file,
      `Building this brief needed more than ${memoryMb} MiB of memory, so it was stopped: look for very long passages, tables or lists, or split the brief`,
      {line: 1, column: 1},
      'brief-out-of-memory'
    )
  } else {
    const reason = (error as Error)?.message ?? String(error)
    internalError(file, started ? reason : `the worker that builds briefs could not start: ${reason}`)
  }
}

export function internalError(file: VFile, reason: string): void {
  report(
    file,
    `briefdeck failed on this brief (${reason}). Its previous outputs are kept. This is a bug in briefdeck: please report it with the brief attached`,
    {line: 1, column: 1},
    'internal-error'
  )
}
