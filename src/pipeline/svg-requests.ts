/**
 * The SVG images of briefs rendered in workers are sanitized by the main
 * thread. It loads the DOM (jsdom: half a second and some 50 MB) once, while
 * the workers load the rest, instead of each worker loading it again when it
 * meets its first SVG image; and it keeps one cache of results for all of
 * them. Sanitizing is a step of a synchronous transform, so the worker asks
 * over its brief's MessagePort and waits on a shared flag (`requestSanitized`).
 */
import {receiveMessageOnPort, type MessagePort} from 'node:worker_threads'
import type {SanitizedSvg} from '../resolve/svg.js'

export interface SvgRequest {
  svg: string
}

/** The sanitized file, why it cannot be read safely (an `SvgError`), or a failure of the sanitizer itself. */
export type SvgAnswer = {sanitized: SanitizedSvg} | {invalid: string} | {failed: string}

export const isSvgRequest = (message: unknown): message is SvgRequest => typeof message === 'object' && message !== null && 'svg' in message

let sanitizer: Promise<typeof import('../resolve/svg.js')> | undefined
const loadSanitizer = () => (sanitizer ??= import('../resolve/svg.js'))

/** Load the sanitizer and its DOM now, while this thread would wait for the workers anyway. */
export function preloadSvgSanitizer(): void {
  // A sanitizer that cannot load is reported on the briefs that need it (see answerSvgRequest), not here.
  setImmediate(() => void loadSanitizer().then((svg) => svg.preloadSvgSanitizer()).catch(() => {}))
}

/** Sanitize what a worker asked for, post the answer on `port` and wake the worker waiting on `flag`. */
export async function answerSvgRequest(port: MessagePort, flag: Int32Array, request: SvgRequest): Promise<void> {
  let answer: SvgAnswer
  try {
    const svg = await loadSanitizer()
    try {
      answer = {sanitized: svg.sanitizeSvgCached(request.svg)}
    } catch (error) {
      if (!(error instanceof svg.SvgError)) throw error
      answer = {invalid: error.message}
    }
  } catch (error) {
    answer = {failed: (error as Error)?.message ?? String(error)}
  }
  // The message is on the worker's port before the flag says so.
  port.postMessage(answer)
  Atomics.store(flag, 0, 1)
  Atomics.notify(flag, 0)
}

/**
 * In the worker: ask over `port` and wait on `flag` (in a SharedArrayBuffer)
 * for the answer; `undefined` when the main thread posted none. The event loop
 * does not run meanwhile: the brief's time limit still holds, as the main
 * thread stops a worker whose brief takes too long, waiting or not.
 */
export function requestSanitized(port: MessagePort, flag: Int32Array, svg: string): SvgAnswer | undefined {
  Atomics.store(flag, 0, 0)
  port.postMessage({svg} satisfies SvgRequest)
  Atomics.wait(flag, 0, 0)
  return receiveMessageOnPort(port)?.message as SvgAnswer | undefined
}
