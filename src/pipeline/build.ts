/**
 * Build (or check) a set of briefs: analyze each, render the ones without
 * errors, write their outputs, and rewrite the index. One brief's failure
 * never stops the others, and a failed brief's previous outputs stay.
 */
import fs from 'node:fs'
import path from 'node:path'
import type {VFile} from 'vfile'
import {BriefdeckError, EnvironmentError} from '../errors.js'
import {checkWriteFolders, resolveOutFolder, type FolderListings} from '../publish/out-folder.js'
import {describeMachineFailure} from './io-errors.js'
import {report, hasErrors, withRelated} from '../messages.js'
import {preloadIndexPage, writeIndexFile} from '../site/index-file.js'
import type {PageOptions} from './brief-pages.js'
import {findBriefs, slugOf} from './find-briefs.js'
import {readBriefs} from './read-briefs.js'
import {checkThemes, createSiteEnvironment, type SiteEnvironment} from './site-environment.js'
import {packageVersion} from '../package.js'
import {briefKey, canReuse, replayMessages, storeAssets, storeMessages} from './cache.js'
import {createBriefRunner, type BriefRunner, type RunnerOptions} from './brief-runner.js'
import {forEachConcurrently} from './concurrently.js'
import {readManifest, removeStale, writeManifest, type ManifestEntry} from '../publish/manifest.js'
import {finish, publish, recoverInto, STAGING_DIR} from '../publish/journal.js'
import {copyFileAtomic} from '../publish/write.js'
import {FONTS_DIR, writeFonts} from '../render/fonts.js'
import {createStage, type Stage} from '../publish/stage.js'
import {lockOutput} from '../publish/lock.js'
import {checkOverflow, exportPdfs} from './browser-steps.js'
import {findBrowser} from '../browser/find.js'
import {createBrowserSession, type BrowserSession} from '../browser/session.js'
import os from 'node:os'
import {resolveOptions, type Options, type ResolvedOptions} from '../options.js'

/** The shared options, plus what one invocation asks for. */
export interface BuildOptions extends Options {
  /** Write outputs; `false` only checks (default: `true`). */
  write?: boolean
  /** Render each deck in Chromium and report slides that overflow (default: `false`). */
  render?: boolean
  /** Switch protections off; only for the security tests' control run (default: all on). */
  unsafe?: PageOptions['unsafe']
  /** Rebuild every brief even when nothing changed (default: `false`). */
  force?: boolean
  /**
   * Reuse this worker from one build to the next (default: a new one per
   * build). `serve` keeps one while the themes, templates and settings stay the same.
   */
  runner?: BriefRunner
  /**
   * Reuse these templates (default: loaded anew each build, when the index
   * page is written). `serve` keeps one while the themes, templates and
   * settings stay the same.
   */
  environment?: SiteEnvironment
  /** Called after each brief (default: nothing). */
  onProgress?: (done: number, total: number, file: VFile) => void
  /**
   * Called with messages about the output folder rather than a brief: waiting for
   * another build's lock, a damaged journal set aside (default: nothing).
   */
  onNotice?: (message: string) => void
  /** Longest wait for another build writing the same output folder, in ms (default: 10 minutes). */
  lockTimeout?: number
  /**
   * Most time the build spends on briefs that time out, in ms, before it stops
   * starting new ones (default: three times `timeout`): a folder of hostile
   * briefs cannot hold a CI job for hours.
   */
  timeoutBudget?: number
  /** Most memory a brief may use while it is built, in MiB (default: 1,024). */
  memoryMb?: number
}

export interface BriefResult {
  file: VFile
  slug: string
  /** Whether its outputs were written (or, when checking, would be). */
  ok: boolean
  slideCount?: number
  /** Absolute paths of the local images it uses (known once it was analyzed). */
  assets?: string[]
  /** Whether its previous outputs were reused because nothing changed. */
  reused?: boolean
  /** Why it was left out: a draft in a public build (its earlier outputs are removed). */
  skipped?: 'draft'
  /** Files of its earlier build that this one removed rather than leave them out of date (PDFs a build without `pdf` did not rewrite), relative to `out/`. */
  removed?: string[]
}

export interface BuildResult {
  briefs: BriefResult[]
  errors: number
  warnings: number
  /** Failures of the machine rather than of a brief (a full disk, a brief removed mid-build), one sentence each. */
  failures: string[]
  /** Briefs whose outputs from an internal build were removed from a public one (they failed to build, so nothing replaced them). */
  withdrawn: string[]
  durationMs: number
}

export async function build(given: BuildOptions = {}): Promise<BuildResult> {
  const options = resolveOptions(given)
  const briefPaths = await findBriefs(options.paths, options.root, {exclude: options.out})
  // Where writes really land, symbolic links resolved, checked before anything is written.
  const outDir = resolveOutFolder(options.root, options.out, briefPaths)
  if (given.write === false) return buildLocked(given, options, briefPaths, outDir, new Map())
  const writeFolders = ['.briefdeck', FONTS_DIR, ...briefPaths.map(slugOf)]
  let listings = checkWriteFolders(outDir, writeFolders)
  // One writing build per output folder (see publish/lock.ts).
  let release: (() => Promise<void>) | undefined
  let waited = false
  const onWait = (message: string): void => {
    waited = true
    given.onNotice?.(message)
  }
  try {
    release = await lockOutput(outDir, {timeout: given.lockTimeout, onWait, root: options.root})
    // The build that held the lock changed the folders: they are checked and listed again.
    if (waited) listings = checkWriteFolders(outDir, writeFolders)
    return await buildLocked(given, options, briefPaths, outDir, listings)
  } catch (error) {
    const failure = describeMachineFailure(error, 'write the output folder', outDir)
    throw failure ? new EnvironmentError(`${failure}. Earlier outputs are kept`) : error
  } finally {
    await release?.()
  }
}

/**
 * `build`, once the output folder is locked (or when only checking);
 * `listings`: the files found in each brief's folder before the lock.
 */
async function buildLocked(given: BuildOptions, options: ResolvedOptions, briefPaths: string[], outDir: string, listings: FolderListings): Promise<BuildResult> {
  const started = performance.now()
  const {root} = options
  const write = given.write ?? true
  const runner = given.runner ?? createRunner(given)
  /** Failures of the machine (a full disk, a file removed mid-build): exit code 2, each naming its path. */
  const failures: string[] = []
  const timedOut = {ms: 0, budget: given.timeoutBudget ?? 3 * options.timeout}

  const env = given.environment ?? createSiteEnvironment(options)
  const files = readBriefs(briefPaths, root, {
    outLabel: path.relative(root, outDir) || 'out',
    rules: options.rules,
    onUnreadable: (_file, message) => failures.push(message)
  })
  // PDFs are not part of the key: a build without them reuses an unchanged brief's, and one with them rebuilds a brief that has none.
  const settings = {...options, paths: undefined, out: undefined, pdf: undefined, unsafe: given.unsafe ?? null}
  const environment = env.key(settings, packageVersion())

  const manifest = readManifest(outDir)
  if (write) recoverInto(outDir, manifest, given.onNotice)
  /** Publishes done in this build: their journals go once the manifest records them. */
  const published: string[] = []
  const results: BriefResult[] = []
  const withdrawn: string[] = []
  /** Whether the manifest lost an entry, so must be written even when nothing was published. */
  let changed = false
  /** Remove a brief's outputs and its entry. */
  const forget = (slug: string): void => {
    removeStale(outDir, manifest.briefs[slug]?.files ?? [], [])
    delete manifest.briefs[slug]
  }
  const session = options.pdf || given.render ? createBrowserSession({executablePath: findBrowser()}) : undefined
  const stagingParent = write ? path.join(outDir, STAGING_DIR) : fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-check-'))
  /** Each brief's key (see `briefKey`), hashed once. */
  const keys = new Map(files.map((file) => [file, briefKey(file.value, environment)]))
  /** Briefs whose outputs from the last build stand (each checked once). */
  const reusable = new Set(
    files.filter((file) => write && !given.force && !given.render && canReuse(manifest.briefs[slugOf(file.path)], keys.get(file)!, file, listings.get(slugOf(file.path)) ?? new Set(), options.pdf))
  )
  // Let the worker load while this thread goes through the briefs, if any of them has to be rendered.
  const toRender = files.filter((file) => !hasErrors(file) && !file.data.unreadable && !reusable.has(file))
  if (toRender.length > 0) {
    runner.warm({briefs: toRender.length, svg: toRender.some((file) => /\.svg\b/i.test(String(file.value)))})
    if (write) preloadIndexPage({templates: env.templates})
  } else if (reusable.size === 0) {
    // No worker will read the themes and templates: read them here (a reused brief means this environment was read before).
    checkThemes(options)
    await env.templates()
  }
  /** The workers stop while this thread writes the index (a worker takes a tenth of a second to stop). */
  let closing: Promise<void> | undefined
  try {
    // The pages' fonts, shared by every brief: in out/, and beside the staged pages that the browser prints or measures.
    if (write) writeFonts(path.join(outDir, FONTS_DIR), copyFileAtomic)
    if (session) writeFonts(path.join(stagingParent, FONTS_DIR), copyFileAtomic)
    // Briefs render in parallel (one per worker) and are written as each one is done, so only a few are held at once.
    let done = 0
    await forEachConcurrently(files, runner.threads + 1, async (file, index) => {
      const result: BriefResult = {file, slug: slugOf(file.path), ok: false}
      results[index] = result
      const previous = manifest.briefs[result.slug]
      const written = await buildOne(file, result, {options: {...given, ...options}, session, stagingParent, outDir, write, key: keys.get(file)!, previous, reusable: reusable.has(file), runner, failures, timedOut})
      if (written && written.entry !== previous) {
        manifest.briefs[result.slug] = written.entry
        if (written.journal) published.push(written.journal)
      }
      if (result.skipped && write && previous) {
        // A draft is not public: what an earlier build published of it goes.
        forget(result.slug)
        result.removed = previous.files
        changed = true
      }
      given.onProgress?.(++done, files.length, file)
    })
  } finally {
    // Awaited before the build returns; a build that throws leaves the workers to stop on their own.
    if (runner !== given.runner) closing = runner.close().catch(() => {})
    await session?.close()
    if (!write) fs.rmSync(stagingParent, {recursive: true, force: true})
    else if (session) fs.rmSync(path.join(stagingParent, FONTS_DIR), {recursive: true, force: true})
    // Record what was published before forgetting how; a build killed before this is rolled forward by the next.
    if (published.length > 0 || changed) {
      writeManifest(outDir, manifest)
      for (const journal of published) finish(journal)
    }
  }

  if (write) {
    // Forget briefs whose source is gone; keep the rest (a failed brief keeps its old entry). A brief found by this build is there.
    const found = new Set(files.filter((file) => !file.data.unreadable).map((file) => file.path))
    for (const [slug, entry] of Object.entries(manifest.briefs)) {
      if (!found.has(entry.source) && !fs.existsSync(path.resolve(root, entry.source))) forget(slug)
    }
    // A public folder keeps nothing from an internal build: a brief that failed here loses its internal outputs.
    if (options.profile === 'public') {
      for (const [slug, entry] of Object.entries(manifest.briefs)) {
        if (entry.profile === 'public') continue
        forget(slug)
        withdrawn.push(entry.source)
      }
    }
    try {
      await writeIndexFile(outDir, manifest, {templates: env.templates, labels: options.labels, environment})
      writeManifest(outDir, manifest)
    } catch (error) {
      const failure = describeMachineFailure(error, 'write the index page', path.join(outDir, 'index.html'))
      if (!failure) throw error
      failures.push(`${failure}. The briefs' own pages are written; the next build writes the index`)
    }
  }

  let errors = 0
  let warnings = 0
  for (const file of withRelated(files)) {
    for (const message of file.messages) {
      if (message.fatal) errors++
      else warnings++
    }
  }
  await closing
  return {briefs: results, errors, warnings, failures, withdrawn, durationMs: performance.now() - started}
}

/** Whether briefs that timed out have used up the build's time for such briefs; if so, says so on the file. */
function budgetUsed(file: VFile, timedOut: {ms: number; budget: number}): boolean {
  if (timedOut.ms < timedOut.budget) return false
  report(
    file,
    `Not built: briefs that took too long have used up this build's ${Math.round(timedOut.budget / 1000)} s for such briefs. Fix or remove the briefs reported with brief-timeout, then build again`,
    {line: 1, column: 1},
    'build-time-exhausted'
  )
  return true
}

/** A worker for these build options (see `BuildOptions.runner`); `workers` tunes its workers' heaps and parse. */
export function createRunner(options: BuildOptions, workers: Pick<RunnerOptions, 'youngMb' | 'incremental'> = {}): BriefRunner {
  const resolved = resolveOptions(options)
  return createBriefRunner({options: resolved, pages: {unsafe: options.unsafe, pdf: resolved.pdf}, memoryMb: options.memoryMb, ...workers})
}

interface BriefContext {
  options: BuildOptions & ResolvedOptions
  session: BrowserSession | undefined
  stagingParent: string
  outDir: string
  write: boolean
  /** The brief's key: its source, and the fingerprint of the themes, templates, settings and version (see `briefKey`). */
  key: string
  /** The brief's entry from the last build, if any. */
  previous?: ManifestEntry
  /** Whether that entry's outputs stand for this build (see `canReuse`). */
  reusable: boolean
  runner: BriefRunner
  /** Where failures of the machine go. */
  failures: string[]
  /** Time spent so far on briefs that timed out, and how much the build may spend so. */
  timedOut: {ms: number; budget: number}
}

/** Build one brief; returns its manifest entry (and the journal to finish) when its outputs were written or kept. */
async function buildOne(file: VFile, result: BriefResult, context: BriefContext): Promise<{entry: ManifestEntry; journal?: string} | undefined> {
  const {options, session} = context
  if (hasErrors(file) || file.data.unreadable) return undefined
  const {key} = context
  if (context.reusable && context.previous) {
    replayMessages(context.previous, file)
    result.ok = true
    result.reused = true
    result.assets = context.previous?.assets?.map((asset) => asset.path)
    return {entry: context.previous}
  }
  let stage: Stage | undefined
  if (budgetUsed(file, context.timedOut)) return undefined
  try {
    // Checked again when a worker is free to start it: briefs that timed out meanwhile count.
    // A brief that timed out ran for the whole time limit: counted as it times out (before the next brief is asked to
    // start), or once its outcome is in, when it was rendered ahead of this build (serve).
    let counted = false
    const count = () => {
      if (!counted) context.timedOut.ms += options.timeout
      counted = true
    }
    const brief = await context.runner.render(file, {mayStart: () => !budgetUsed(file, context.timedOut), onTimedOut: count})
    if (file.messages.some((message) => message.ruleId === 'brief-timeout')) count()
    if (!brief || hasErrors(file)) return undefined
    if (brief.skipped) {
      result.skipped = brief.skipped
      return undefined
    }
    result.assets = [...brief.assets.map((asset) => asset.from), ...brief.dependencies]
    result.slideCount = brief.slideLines.length
    if (context.write || session) {
      stage = createStage(context.stagingParent, result.slug)
      for (const [name, content] of brief.files) stage.write(name, content)
      for (const asset of brief.assets) {
        if (asset.content === undefined) stage.copy(asset.from, asset.to)
        else stage.write(asset.to, asset.content)
      }
      if (session && options.render) await checkOverflow(session, stage, brief.slideLines, file, options.strict)
      if (session && options.pdf && !hasErrors(file)) await exportPdfs(session, stage, file, brief.meta, {overflow: options.render ? undefined : {slideLines: brief.slideLines, strict: options.strict}})
    }
    if (hasErrors(file)) return undefined
    result.ok = true
    if (!context.write || !stage) return undefined
    const entry: ManifestEntry = {
      slug: result.slug,
      source: file.path,
      meta: brief.meta,
      profile: options.profile,
      files: stage.files.map((name) => `${result.slug}/${name}`),
      key,
      assets: storeAssets(result.assets ?? []),
      messages: storeMessages(file)
    }
    const stale = (context.previous?.files ?? []).filter((name) => !entry.files.includes(name))
    const pdfs = stale.filter((name) => name.endsWith('.pdf'))
    if (pdfs.length > 0) result.removed = pdfs
    const stageDir = path.relative(context.outDir, stage.dir)
    const journal = publish(context.outDir, {
      slug: result.slug,
      stage: stageDir,
      moves: stage.files.map((name) => [`${stageDir}/${name}`, `${result.slug}/${name}`]),
      stale,
      entry
    })
    stage = undefined
    return {entry, journal}
  } catch (error) {
    if (error instanceof BriefdeckError) throw error
    result.ok = false
    delete result.removed
    const failure = describeMachineFailure(error, `write the outputs of ${file.path}`, path.join(context.outDir, result.slug))
    if (failure) {
      context.failures.push(`${failure}. Its previous outputs are kept`)
      return undefined
    }
    report(
      file,
      `briefdeck failed on this brief (${(error as Error).message}). Its previous outputs are kept. This is a bug in briefdeck: please report it with the brief attached`,
      undefined,
      'internal-error'
    )
    return undefined
  } finally {
    stage?.discard()
  }
}
