/**
 * Turns: at most `limit` at once, first come first served, background
 * waiters after every foreground one, and nobody left waiting for ever.
 */
import {expect, test} from 'vitest'
import {createTurns} from '../src/turns.js'

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

test('at most `limit` hold a turn; the others go in the order they asked, as turns are given back', async () => {
  const turns = createTurns(2)
  const order: string[] = []
  const take = (name: string) => turns.take().then((done) => (order.push(name), done))
  const [a, b] = await Promise.all([take('a'), take('b')])
  const waiting = [take('c'), take('d'), take('e')]
  await tick()
  expect(order).toEqual(['a', 'b'])
  expect(turns.held).toBe(2)
  b()
  b() // giving a turn back twice gives back one turn
  await tick()
  expect(order).toEqual(['a', 'b', 'c'])
  a()
  await tick()
  expect(order).toEqual(['a', 'b', 'c', 'd'])
  for (const done of await Promise.all(waiting.slice(0, 2))) done()
  await tick()
  expect(order).toEqual(['a', 'b', 'c', 'd', 'e'])
  ;(await waiting[2])()
  expect(turns.held).toBe(0)
})

test('a background waiter goes only when no foreground one waits, even one that asked later', async () => {
  const turns = createTurns(1)
  const order: string[] = []
  const first = await turns.take()
  const background = turns.take({background: true}).then((done) => (order.push('background'), done))
  const foreground = turns.take().then((done) => (order.push('foreground'), done))
  expect(turns.waiting).toBe(true)
  first()
  ;(await foreground)()
  ;(await background)()
  expect(order).toEqual(['foreground', 'background'])
  // With a turn free and nobody waiting, a background take goes at once.
  const free = await turns.take({background: true})
  expect(turns.held).toBe(1)
  free()
})

test('raising the limit lets waiters go at once; lowering it lets the holders finish', async () => {
  const turns = createTurns(1)
  const order: string[] = []
  const first = await turns.take()
  const second = turns.take().then((done) => (order.push('second'), done))
  await tick()
  expect(order).toEqual([])
  turns.limit = 2
  const done = await second
  expect(turns.held).toBe(2)
  turns.limit = 1
  const third = turns.take().then((release) => (order.push('third'), release))
  first()
  await tick()
  expect(order).toEqual(['second'])
  done()
  ;(await third)()
  expect(order).toEqual(['second', 'third'])
})

test('a limit that is not a whole number above zero is one', async () => {
  for (const limit of [0, -3, Number.NaN, 0.5]) expect(createTurns(limit).limit).toBe(1)
  expect(createTurns(2.9).limit).toBe(2)
})

test('closing fails every waiter and every later take', async () => {
  const turns = createTurns(1)
  await turns.take()
  const waiters = [turns.take(), turns.take({background: true})]
  turns.close(new Error('closed'))
  for (const waiter of waiters) await expect(waiter).rejects.toThrow('closed')
  await expect(turns.take()).rejects.toThrow('closed')
})
