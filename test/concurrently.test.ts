/**
 * forEachConcurrently, which runs a build's briefs in parallel: in order, at most
 * `limit` at once, and once one fails no new one starts and the running ones end
 * before the failure is passed on (the build then closes its workers and browser).
 */
import {expect, test} from 'vitest'
import {forEachConcurrently} from '../src/pipeline/concurrently.js'

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

test('runs every item, starting them in order, never more than the limit at once', async () => {
  const started: number[] = []
  let running = 0
  let most = 0
  await forEachConcurrently([...Array(9).keys()], 3, async (item) => {
    started.push(item)
    most = Math.max(most, ++running)
    await tick(item % 2 ? 5 : 1)
    running--
  })
  expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
  expect(most).toBe(3)
})

test('after a failure no item starts, the running ones finish, then the failure is thrown', async () => {
  const started: number[] = []
  const finished: number[] = []
  const failure = new Error('no browser')
  const outcome = forEachConcurrently([...Array(20).keys()], 3, async (item) => {
    started.push(item)
    await tick(item === 4 ? 1 : 10)
    if (item === 4) throw failure
    finished.push(item)
  })
  await expect(outcome).rejects.toBe(failure)
  const snapshot = [...started]
  await tick(50)
  // Nothing started after the failure was thrown, and all that had started (but the failed one) had finished.
  expect(started).toEqual(snapshot)
  expect(started.length).toBeLessThan(20)
  expect(finished.sort((a, b) => a - b)).toEqual(started.filter((item) => item !== 4).sort((a, b) => a - b))
})
