/**
 * `briefdeck serve`: build, then watch the briefs, their images, themes,
 * templates and the config file, rebuild what changed, and serve `out/` with
 * live reload and an overlay of the build's diagnostics.
 */
import fs from 'node:fs'
import path from 'node:path'
import {build, createRunner, type BuildOptions, type BuildResult} from '../pipeline/build.js'
import {layered} from '../package.js'
import {loadTemplates} from '../render/templates.js'
import {findBriefs} from '../pipeline/find-briefs.js'
import {YOUNG_MB} from '../pipeline/brief-runner.js'
import {createSiteEnvironment, type SiteEnvironment} from '../pipeline/site-environment.js'
import {CONFIG_FILES} from '../config/load.js'
import {EXIT} from '../errors.js'
import {startPreviewServer} from '../serve/server.js'
import {watchFiles} from '../serve/watch.js'
import {createRenderAhead, REHEARSALS} from '../serve/render-ahead.js'
import {reportFiles, summary, type Io} from './report.js'
import {withRelated} from '../messages.js'

export interface ServeOptions extends BuildOptions {
  port: number
  /** Resolves when the server should stop (default: SIGINT or SIGTERM). */
  until?: Promise<void>
  /** Called with the server's address once it listens (default: nothing). */
  onListening?: (url: string) => void
  /** Settings read afresh after the config file changed (default: keep the first ones). */
  reload?: () => Promise<BuildOptions>
}

export async function serve(first: ServeOptions, io: Io): Promise<number> {
  let options: BuildOptions = first
  const root = path.resolve(first.root ?? io.cwd)
  const outDir = path.resolve(root, options.out ?? 'out')
  const inputs = (options.paths ?? ['decks']).map((given) => path.resolve(root, given))
  const folders = [...layered(root, 'themes', options.themes), ...layered(root, 'templates', options.templates)]
  const configFiles = [...CONFIG_FILES.map((name) => path.join(root, name)), path.join(root, 'package.json')]
  /** A change to any of these rebuilds every brief. */
  const shared = [...folders, ...configFiles]

  // One worker across rebuilds; a new one when themes, templates or settings change. Its heap has room
  // for a render's short-lived objects (see YOUNG_MB) even while the first build runs two.
  let runner = createRunner({...options, root}, {youngMb: YOUNG_MB, incremental: true})
  /** The templates, loaded once and again only when they (or the themes or settings) change. */
  let environment: SiteEnvironment | undefined
  const environmentNow = (): SiteEnvironment => (environment ??= createSiteEnvironment({...options, root}))
  const assetsOf = new Map<string, Set<string>>()
  /** The briefs as last found; found again when a Markdown file not among them changes, and after the settings change. */
  let known: Set<string> | undefined
  const findKnown = async (): Promise<Set<string>> => (known = new Set(await findBriefs(options.paths ?? ['decks'], root).catch(() => [])))
  const diagnostics = new Map<string, string[]>()
  let running: Promise<void> = Promise.resolve()
  let server: Awaited<ReturnType<typeof startPreviewServer>> | undefined
  const rebuild = async (paths?: string[]): Promise<BuildResult> => {
    // With `pdf: true`, the pages first (what the browser shows), then the PDFs in a second pass.
    const pdf = options.pdf === true
    const result = await build({...options, pdf: false, root, out: outDir, paths: paths ?? options.paths, runner, environment: environmentNow()})
    if (pdf) {
      for (const brief of result.briefs) delete brief.removed
      running = running.then(() => refreshPdfs(paths)).catch((error: Error) => io.stderr(`briefdeck: writing PDFs failed: ${error.message}\n`))
    }
    await record(result)
    return result
  }
  const refreshPdfs = async (paths?: string[]): Promise<void> => {
    const result = await build({...options, pdf: true, root, out: outDir, paths: paths ?? options.paths, runner, environment: environmentNow()})
    await record(result)
    server?.broadcast('rebuilt', {slugs: result.briefs.filter((brief) => brief.ok && !brief.reused).map((brief) => brief.slug), all: false})
  }
  const record = async (result: BuildResult): Promise<void> => {
    for (const brief of result.briefs) {
      const absolute = path.resolve(root, brief.file.path)
      // Its bibliography files too, even when one of them stopped the brief: fixing it must rebuild the brief.
      const related = withRelated([brief.file]).slice(1).map((each) => path.resolve(root, each.path))
      assetsOf.set(absolute, new Set([...(brief.assets ?? []), ...related]))
      diagnostics.set(
        absolute,
        // The brief's messages and its bibliography files', each under its own file.
        withRelated([brief.file]).flatMap((each) =>
          each.messages.map((m) => `${each.path}:${m.line ?? 1}:${m.column ?? 1} ${m.fatal ? 'error' : 'warning'} ${m.reason} (${m.ruleId})`)
        )
      )
    }
    await reportFiles(result.briefs.map((brief) => brief.file), io)
    io.stdout(`${summary(result, 'built')}\n`)
    for (const failure of result.failures) io.stderr(`briefdeck: ${failure}\n`)
  }

  const initial = await rebuild()
  // The first save must not wait for a worker to start (a second), nor for the SVG sanitizer to load.
  // From now on a save is one brief at a time: one worker, kept warm.
  runner.warm({briefs: 1, svg: allAssets().some((file) => file.toLowerCase().endsWith('.svg'))})
  const ahead = createRenderAhead({root, runner: () => runner})
  const client = loadTemplates({dirs: layered(root, 'templates', options.templates)}).asset('live-reload.js')
  server = await startPreviewServer({root: outDir, port: first.port, client, labels: first.labels})
  const publishDiagnostics = () => server?.broadcast('diagnostics', {messages: [...diagnostics.values()].flat().filter((line) => / error /.test(line))}, true)
  publishDiagnostics()

  const queue = (changed: Set<string>) => {
    running = running.then(() => onChange(changed)).catch((error: Error) => io.stderr(`briefdeck: rebuild failed: ${error.message}\n`))
  }
  // A saved brief starts rendering at once, while the burst of its save settles.
  const onEach = (file: string) => ahead.changed(file, file.endsWith('.md') && assetsOf.has(file))
  // A folder that cannot be watched leaves the preview stale without it: said once, with what to do.
  const unwatched = new Set<string>()
  const onError = (folder: string, error: NodeJS.ErrnoException) => {
    if (unwatched.has(folder)) return
    unwatched.add(folder)
    const fix =
      error.code === 'ENOSPC'
        ? 'the system allows no more file watchers: raise the limit (sudo sysctl fs.inotify.max_user_watches=524288) or watch fewer folders'
        : 'check that this user may read it'
    io.stderr(`briefdeck: cannot watch ${path.relative(root, folder) || '.'} (${error.code ?? error.message}), so its changes are not rebuilt: ${fix}, then restart serve\n`)
  }
  const watcher = watchFiles([...inputs, ...folders.filter((folder) => fs.existsSync(folder)), ...allAssets()], queue, {onEach, onError})
  // The project folder itself, not its subfolders: a config file that is created later counts too.
  const configWatcher = watchFiles([root], (changed) => {
    const relevant = new Set([...changed].filter((file) => configFiles.includes(file)))
    if (relevant.size > 0) queue(relevant)
  }, {depth: 0, onEach: (file) => configFiles.includes(file) && ahead.changed(file, false)})
  await Promise.all([watcher.ready, configWatcher.ready])
  io.stdout(`Serving ${path.relative(root, outDir) || '.'}/ at ${server.url} (Ctrl+C to stop)\n`)
  first.onListening?.(server.url)
  // When serve's first build rendered few briefs or none (they were reused), the worker warms up on the newest good ones before the first save.
  const rendered = initial.briefs.filter((brief) => brief.ok && !brief.reused).length
  const good = initial.briefs.filter((brief) => brief.ok).map((brief) => path.resolve(root, brief.file.path))
  void ahead.rehearse(good, Math.max(0, REHEARSALS - rendered))

  function allAssets(): string[] {
    return [...new Set([...assetsOf.values()].flatMap((set) => [...set]))]
  }

  async function onChange(changed: Set<string>): Promise<void> {
    const sharedChanged = [...changed].some((file) => shared.some((dir) => file === dir || file.startsWith(dir + path.sep)))
    const configChanged = [...changed].some((file) => configFiles.includes(file))
    if (configChanged && first.reload) {
      try {
        // The output folder and the server stay as they are until serve restarts.
        options = {...(await first.reload()), out: outDir}
        known = undefined
      } catch (error) {
        io.stderr(`briefdeck: ${(error as Error).message}\n`)
        return
      }
    }
    let paths: string[] | undefined
    if (sharedChanged) {
      await runner.close()
      runner = createRunner({...options, root}, {youngMb: YOUNG_MB, incremental: true})
      environment = undefined
    } else {
      const briefs = new Set<string>()
      for (const file of changed) {
        if (file.endsWith('.md') && fs.existsSync(file)) briefs.add(file)
        for (const [brief, assets] of assetsOf) if (assets.has(file) && fs.existsSync(brief)) briefs.add(brief)
        if (file.endsWith('.md') && !fs.existsSync(file)) diagnostics.delete(file)
      }
      // A brief saved again is still one; a new file may be one (a saved file that is gone is not in `briefs`).
      if (!known || [...briefs].some((brief) => !known?.has(brief))) await findKnown()
      paths = [...briefs].filter((brief) => known?.has(brief))
      if (paths.length === 0) return
    }
    const result = await rebuild(paths)
    // Saves come one brief at a time, after a rebuild of every brief too.
    runner.warm({briefs: 1})
    watcher.add(allAssets())
    const slugs = result.briefs.filter((brief) => brief.ok).map((brief) => brief.slug)
    publishDiagnostics()
    server?.broadcast('rebuilt', {slugs, all: sharedChanged})
  }

  await (first.until ?? untilSignal())
  // No rehearsal starts from now on; the one under way fails as its runner closes.
  const rehearsed = ahead.stop()
  await watcher.close()
  await configWatcher.close()
  await running
  await runner.close()
  await rehearsed
  await server?.close()
  return EXIT.ok
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
