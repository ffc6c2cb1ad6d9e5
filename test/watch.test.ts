/**
 * The watcher behind `serve`, on real files: what a save, a new brief, a new
 * folder, a save by rename and a deletion report, and what they do not.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterEach, describe, expect, test} from 'vitest'
import {watchFiles, type Watcher} from '../src/serve/watch.js'
import {tempProject} from './helpers.js'

let watcher: Watcher | undefined
afterEach(async () => {
  await watcher?.close()
  watcher = undefined
})

/** Watch `paths`; every burst reported, and every file seen one by one. */
async function watching(paths: string[], depth?: number) {
  const bursts: string[][] = []
  const each: string[] = []
  watcher = watchFiles(paths, (changed) => bursts.push([...changed].sort()), {depth, onEach: (file) => each.push(file)})
  await watcher.ready
  return {bursts, each, all: () => bursts.flat()}
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('watchFiles', () => {
  test('a folder deleted and made again at once (a checkout, a generator) is watched again: saves in it after that are reported', async () => {
    const dir = tempProject({'decks/team/a.md': 'A'})
    const seen = await watching([path.join(dir, 'decks')])
    const team = path.join(dir, 'decks/team')
    const file = path.join(team, 'a.md')
    fs.rmSync(team, {recursive: true})
    fs.mkdirSync(team)
    fs.writeFileSync(file, 'A again')
    // The server's thread busy meanwhile (a rebuild): the events arrive after the folder is back.
    const until = Date.now() + 50
    while (Date.now() < until);
    await expect.poll(seen.all, {timeout: 5000}).toContain(file)
    await wait(300)
    const before = seen.bursts.length
    fs.writeFileSync(file, 'A, edited')
    await expect.poll(() => seen.bursts.slice(before).flat(), {timeout: 5000}).toEqual([file])
  })

  test('a folder that cannot be watched (no inotify watches left) is said, with the reason', async () => {
    const dir = tempProject({'decks/team/a.md': 'A'})
    const watch = fs.watch
    const problems: string[] = []
    fs.watch = ((folder: fs.PathLike, ...rest: unknown[]) => {
      if (String(folder).endsWith('team')) throw Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), {code: 'ENOSPC'})
      return (watch as (...args: unknown[]) => fs.FSWatcher)(folder, ...rest)
    }) as typeof fs.watch
    try {
      watcher = watchFiles([path.join(dir, 'decks')], () => {}, {onError: (folder, error) => problems.push(`${folder} ${error.code}`)})
      await watcher.ready
    } finally {
      fs.watch = watch
    }
    expect(problems).toEqual([`${path.join(dir, 'decks/team')} ENOSPC`])
  })

  test('a brief saved in place in a watched folder is one burst with that file alone', async () => {
    const dir = tempProject({'decks/a.md': 'A', 'decks/b.md': 'B'})
    const seen = await watching([path.join(dir, 'decks')])
    const file = path.join(dir, 'decks/a.md')
    fs.writeFileSync(file, '')
    fs.writeFileSync(file, 'A, edited')
    await expect.poll(() => seen.bursts.length, {timeout: 5000}).toBe(1)
    await wait(200)
    expect(seen.bursts).toEqual([[file]])
  })

  test('a new file, a new folder with a file in it, and later saves of both are reported', async () => {
    const dir = tempProject({'decks/a.md': 'A'})
    const seen = await watching([path.join(dir, 'decks')])
    const added = path.join(dir, 'decks/new.md')
    fs.writeFileSync(added, 'New')
    await expect.poll(seen.all, {timeout: 5000}).toContain(added)
    await wait(100)
    fs.mkdirSync(path.join(dir, 'decks/team'))
    const nested = path.join(dir, 'decks/team/nested.md')
    fs.writeFileSync(nested, 'Nested')
    await expect.poll(seen.all, {timeout: 5000}).toContain(nested)
    // Their own watchers have started: a save in place is seen from now on.
    await wait(300)
    const before = seen.bursts.length
    fs.writeFileSync(added, 'New, edited')
    fs.writeFileSync(nested, 'Nested, edited')
    await expect.poll(() => seen.bursts.slice(before).flat().sort(), {timeout: 5000}).toEqual([added, nested].sort())
  })

  test('a save by rename is reported, and saves in place after it still are', async () => {
    const dir = tempProject({'decks/a.md': 'A'})
    const seen = await watching([path.join(dir, 'decks')])
    const file = path.join(dir, 'decks/a.md')
    fs.writeFileSync(`${file}.tmp`, 'A, renamed over')
    fs.renameSync(`${file}.tmp`, file)
    await expect.poll(seen.all, {timeout: 5000}).toContain(file)
    // The copy lived for a moment only: it is no brief to build.
    await wait(300)
    const before = seen.bursts.length
    fs.writeFileSync(file, 'A, then written in place')
    await expect.poll(() => seen.bursts.slice(before).flat(), {timeout: 5000}).toEqual([file])
  })

  test('a brief deleted and written again at once is reported, and so are its saves after that', async () => {
    const dir = tempProject({'decks/a.md': 'A'})
    const seen = await watching([path.join(dir, 'decks')])
    const file = path.join(dir, 'decks/a.md')
    fs.rmSync(file)
    fs.writeFileSync(file, 'A, written again')
    await expect.poll(seen.all, {timeout: 5000}).toContain(file)
    await wait(1500)
    const before = seen.bursts.length
    fs.writeFileSync(file, 'A, then written in place')
    await expect.poll(() => seen.bursts.slice(before).flat(), {timeout: 5000}).toEqual([file])
  })

  test('a file that goes, and a folder that goes with its files, are reported', async () => {
    const dir = tempProject({'decks/a.md': 'A', 'decks/b.md': 'B', 'decks/old/c.md': 'C'})
    const seen = await watching([path.join(dir, 'decks')])
    fs.rmSync(path.join(dir, 'decks/b.md'))
    await expect.poll(seen.all, {timeout: 5000}).toContain(path.join(dir, 'decks/b.md'))
    fs.rmSync(path.join(dir, 'decks/old'), {recursive: true})
    await expect.poll(seen.all, {timeout: 5000}).toContain(path.join(dir, 'decks/old/c.md'))
    expect(seen.all()).not.toContain(path.join(dir, 'decks/a.md'))
  })

  test('depth 0 is the folder’s own files: a file in a folder below is not watched, a new file beside is', async () => {
    const dir = tempProject({'package.json': '{}', 'decks/a.md': 'A'})
    const seen = await watching([dir], 0)
    fs.writeFileSync(path.join(dir, 'decks/a.md'), 'A, edited')
    fs.mkdirSync(path.join(dir, 'out'))
    fs.writeFileSync(path.join(dir, 'out/page.html'), 'page')
    const config = path.join(dir, 'briefdeck.config.json')
    fs.writeFileSync(config, '{}')
    await expect.poll(seen.all, {timeout: 5000}).toContain(config)
    await wait(300)
    expect(seen.all()).toEqual([config])
    fs.writeFileSync(path.join(dir, 'package.json'), '{"briefdeck": {}}')
    await expect.poll(seen.all, {timeout: 5000}).toContain(path.join(dir, 'package.json'))
  })

  test('node_modules and .git are not watched', async () => {
    const dir = tempProject({'decks/a.md': 'A', 'decks/node_modules/x/readme.md': 'x', 'decks/.git/HEAD': 'ref'})
    const seen = await watching([path.join(dir, 'decks')])
    fs.writeFileSync(path.join(dir, 'decks/node_modules/x/readme.md'), 'y')
    fs.writeFileSync(path.join(dir, 'decks/node_modules/new.md'), 'new')
    fs.writeFileSync(path.join(dir, 'decks/.git/HEAD'), 'other')
    const file = path.join(dir, 'decks/a.md')
    fs.writeFileSync(file, 'A, edited')
    await expect.poll(seen.all, {timeout: 5000}).toContain(file)
    await wait(300)
    expect(seen.all()).toEqual([file])
  })

  test('files given one by one and added later are watched', async () => {
    const dir = tempProject({'images/a.png': 'a', 'images/b.png': 'b'})
    const seen = await watching([path.join(dir, 'images/a.png')])
    watcher?.add([path.join(dir, 'images/b.png')])
    await wait(300)
    fs.writeFileSync(path.join(dir, 'images/b.png'), 'b2')
    await expect.poll(seen.all, {timeout: 5000}).toEqual([path.join(dir, 'images/b.png')])
  })
})
