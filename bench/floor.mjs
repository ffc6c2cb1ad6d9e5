/**
 * The floor beside each goal of `npm run bench`: the same briefs through the
 * required stack alone (bench/floor-entry.mjs, bundled as marp-cli is), and
 * Chromium printing the pages briefdeck wrote with nothing else around it.
 * When the floor itself misses a goal, no work of briefdeck's own can meet it
 * on this machine: what is left is the distance from briefdeck to its floor.
 */
import {spawn} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {build} from 'esbuild'

/** Bundle the floor program into `dir`, behind a launcher that turns Node's compile cache on first (Node 22 and later); the launcher's file. */
export async function bundleFloor(repo, dir) {
  const outfile = path.join(dir, 'floor-program.mjs')
  const launcher = path.join(dir, 'floor.mjs')
  fs.writeFileSync(launcher, "import module from 'node:module'\nmodule.enableCompileCache?.()\nawait import('./floor-program.mjs')\n")
  await build({
    absWorkingDir: repo,
    entryPoints: [path.join(repo, 'bench', 'floor-entry.mjs')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    logLevel: 'warning',
    banner: {js: "import {createRequire as __floorCreateRequire} from 'node:module'; const require = __floorCreateRequire(import.meta.url);"}
  })
  return launcher
}

/** Run `node script ...args` to its end; its time in ms. */
function run(script, args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(process.execPath, [script, ...args], {stdio: ['ignore', 'ignore', 'pipe']})
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve(Number(process.hrtime.bigint() - started) / 1e6)
      else reject(new Error(`floor ${args[0]} exited with ${code}:\n${stderr}`))
    })
  })
}

/** One brief, cold: a whole process that parses it and renders its deck into `out`. */
export const floorOne = (script, {brief, deck, out, themes}) => run(script, ['one', brief, deck, out, themes])

/**
 * Every brief: the [brief, deck] pairs shared out among `processes` processes
 * at once (each brief once); the wall time until the last one ends.
 */
export async function floorMany(script, {pairs, themes, processes, work}) {
  const lists = Array.from({length: Math.max(1, Math.min(processes, pairs.length))}, () => [])
  pairs.forEach((pair, index) => lists[index % lists.length].push(pair))
  const files = lists.map((list, index) => {
    const file = path.join(work, `floor-list-${index}.json`)
    fs.writeFileSync(file, JSON.stringify(list))
    return file
  })
  const started = process.hrtime.bigint()
  await Promise.all(files.map((file) => run(script, ['many', file, themes])))
  return Number(process.hrtime.bigint() - started) / 1e6
}

/**
 * Chromium printing `files` (pages briefdeck wrote) to PDF, as briefdeck
 * prints them (print media, fonts loaded, tagged, with an outline) but with
 * nothing else: one browser, `pages` pages at once. Time from launch to close.
 */
export async function floorPdfs({chrome, files, pages, args}) {
  const {chromium} = await import('playwright-core')
  const started = process.hrtime.bigint()
  const browser = await chromium.launch({executablePath: chrome, headless: true, args})
  let next = 0
  try {
    await Promise.all(
      Array.from({length: pages}, async () => {
        const page = await (await browser.newContext()).newPage()
        while (next < files.length) {
          const file = files[next++]
          await page.goto(pathToFileURL(file).href, {waitUntil: 'load'})
          await page.emulateMedia({media: 'print'})
          await page.evaluate(() => document.fonts.ready)
          fs.writeFileSync(`${file}.floor.pdf`, await page.pdf({preferCSSPageSize: true, printBackground: true, tagged: true, outline: true}))
        }
      })
    )
  } finally {
    await browser.close()
    for (const file of files) fs.rmSync(`${file}.floor.pdf`, {force: true})
  }
  return Number(process.hrtime.bigint() - started) / 1e6
}
