/**
 * The way a worker has its SVG images sanitized by the build's own thread
 * (src/pipeline/svg-requests.ts): a real worker thread asks and blocks on a
 * shared flag, this thread answers. Answers arrive in order and whole, a file
 * that cannot be read safely comes back as the reason why, and a worker left
 * waiting (its brief over time) is still stopped at once.
 */
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {MessageChannel, Worker} from 'node:worker_threads'
import {afterEach, expect, test} from 'vitest'
import {answerSvgRequest, isSvgRequest, type SvgAnswer} from '../src/pipeline/svg-requests.js'
import {REPO} from './helpers.js'

const MODULE = pathToFileURL(path.join(REPO, 'dist', 'pipeline', 'svg-requests.js')).href

/** A worker that asks for each of `svgs` in turn, as a brief's transform does, and posts back what it got. */
function asking(svgs: string[], answer: boolean) {
  const {port1, port2} = new MessageChannel()
  const flag = new Int32Array(new SharedArrayBuffer(4))
  const code = `
    const {parentPort, workerData} = require('node:worker_threads')
    import(workerData.module).then(({requestSanitized}) => {
      const answers = workerData.svgs.map((svg) => requestSanitized(workerData.port, workerData.flag, svg) ?? null)
      parentPort.postMessage(answers)
    })`
  const worker = new Worker(code, {eval: true, workerData: {module: MODULE, svgs, port: port2, flag}, transferList: [port2]})
  const requests: string[] = []
  port1.on('message', (message: unknown) => {
    if (!isSvgRequest(message)) return
    requests.push(message.svg)
    if (answer) void answerSvgRequest(port1, flag, message)
  })
  const answers = new Promise<Array<SvgAnswer | null>>((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  })
  workers.push(worker)
  return {worker, answers, requests, close: () => port1.close()}
}

const workers: Worker[] = []
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.terminate()))
})

test('each request gets its own answer, in order: a hostile drawing comes back inert, a file that is not SVG with the reason', async () => {
  const hostile = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="4" onclick="alert(2)"/></svg>'
  const clean = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="3" height="2"/></svg>'
  const broken = '<html><body>not a drawing</body></html>'
  const {answers, requests, close} = asking([hostile, broken, clean, hostile], true)
  const got = await answers
  close()
  expect(requests).toEqual([hostile, broken, clean, hostile])
  expect(got).toHaveLength(4)
  const [first, second, third, fourth] = got
  if (!first || !('sanitized' in first)) throw new Error(`expected a sanitized drawing, got ${JSON.stringify(first)}`)
  expect(first.sanitized.svg).toContain('<circle')
  expect(first.sanitized.svg).not.toMatch(/script|onclick|alert/)
  expect(first.sanitized.removed.join(' ')).toContain('<script>')
  expect(second && 'invalid' in second ? second.invalid : JSON.stringify(second)).toMatch(/svg/i)
  if (!third || !('sanitized' in third)) throw new Error(`expected a sanitized drawing, got ${JSON.stringify(third)}`)
  expect(third.sanitized.svg).toContain('<rect')
  expect(third.sanitized.removed).toEqual([])
  expect(fourth).toEqual(first)
})

test('a worker left waiting for an answer that never comes is stopped at once', async () => {
  const {worker, requests, close} = asking(['<svg xmlns="http://www.w3.org/2000/svg"/>'], false)
  while (requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10))
  // Blocked in Atomics.wait: nothing comes back, and terminating it (what a brief's time limit does) ends it (else the test times out).
  const replied = await Promise.race([new Promise((resolve) => worker.once('message', () => resolve(true))), new Promise((resolve) => setTimeout(() => resolve(false), 300))])
  expect(replied).toBe(false)
  const exit = new Promise<number>((resolve) => worker.once('exit', resolve))
  await worker.terminate()
  expect(await exit).toBe(1)
  close()
})
