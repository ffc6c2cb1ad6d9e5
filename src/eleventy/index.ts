/**
 * briefdeck's Eleventy plugin: every brief becomes a deck page and a handout
 * page of the site, at `/<prefix>/<slug>/deck.html` and `…/handout.html`, and
 * a `briefs` collection lists them for the site's own templates.
 *
 *   eleventyConfig.addPlugin(briefdeck, {decks: 'decks'})
 */
import fs from 'node:fs'
import path from 'node:path'
import {reporter} from 'vfile-reporter'
import {createBriefRunner} from '../pipeline/brief-runner.js'
import {findBriefs, slugOf} from '../pipeline/find-briefs.js'
import {createEnvironment} from '../pipeline/project.js'
import {readBriefs} from '../pipeline/read-briefs.js'
import {copyFileAtomic, insideOut, writeFileAtomic} from '../publish/write.js'
import {ConfigError} from '../errors.js'
import {hasErrors, withRelated} from '../messages.js'
import {FONTS_DIR, writeFonts} from '../render/fonts.js'
import {resolveOptions, validateOptions, type Check, type Options as SharedOptions, type ResolvedOptions} from '../options.js'
import type {Asset, BriefMeta} from '../types.js'

/** The shared options (see options.ts: `paths`, `root`, `theme`, `rules` …), plus where the pages go. */
export interface Options extends SharedOptions {
  /** URL folder the pages go under (default: `'briefs'`: `/briefs/<slug>/deck.html`). */
  prefix?: string
  /** Name of the collection that lists the briefs (default: `'briefs'`). */
  collection?: string
}

/** What the `briefs` collection holds, one entry per brief. */
export interface BriefEntry {
  slug: string
  title: string
  subtitle?: string
  authors: string[]
  organization?: string
  date?: string
  deckUrl: string
  /** None when a public build writes no handout (a notes-layout brief). */
  handoutUrl?: string
  meta: BriefMeta
}

interface Page {
  url: string
  html: string
}

interface Built {
  briefs: BriefEntry[]
  pages: Page[]
  assets: Array<Asset & {slug: string}>
}

const EXTRA_OPTIONS: Record<string, Check> = {
  prefix: (value) =>
    typeof value === 'string' && /^[a-z0-9][a-z0-9/_-]*$/i.test(value)
      ? {value: value.replace(/\/+$/, '')}
      : {expected: 'a URL folder such as "briefs" (letters, digits, -, _ and /)'},
  collection: (value) => (typeof value === 'string' && /^[A-Za-z_$][\w$]*$/.test(value) ? {value} : {expected: 'a collection name such as "briefs"'})
}

/** Minimal view of Eleventy's config API, so the plugin needs no Eleventy types at run time. */
export interface EleventyConfig {
  /** New in Eleventy 3. */
  addTemplate(path: string, content: unknown, data?: object): void
  addCollection(name: string, callback: () => unknown): void
  addGlobalData(name: string, value: unknown): void
  addWatchTarget(target: string): void
  addTemplateFormats(formats: string): void
  ignores: {add(pattern: string): void}
  on(event: string, callback: (...args: never[]) => unknown): void
  /** Throws when the running Eleventy is outside the range (older Eleventy versions have it too). */
  versionCheck?(range: string): void
}

/** The Eleventy versions the plugin works with: it adds its pages with `addTemplate`, new in Eleventy 3. */
export const ELEVENTY_VERSIONS = '>=3.0'

export default function briefdeckEleventy(eleventyConfig: EleventyConfig, options: Options = {}): void {
  // Eleventy's own message names the version found and the range needed.
  if (typeof eleventyConfig.versionCheck === 'function') eleventyConfig.versionCheck(ELEVENTY_VERSIONS)
  if (typeof eleventyConfig.addTemplate !== 'function') {
    throw Object.assign(
      new Error(`briefdeck/eleventy needs Eleventy ${ELEVENTY_VERSIONS}, whose configuration API has addTemplate; this one does not: npm install --save-dev @11ty/eleventy@3`),
      {skipOriginalStack: true}
    )
  }
  // A checked copy with defaults: the caller's object is never changed.
  const root = path.resolve(typeof options?.root === 'string' ? options.root : process.cwd())
  let given: Options
  try {
    given = validateOptions<Options>(options, {where: 'briefdeck (Eleventy plugin options)', base: root, extra: EXTRA_OPTIONS})
    if (given.pdf) throw new ConfigError('briefdeck (Eleventy plugin options): `pdf` is not for the Eleventy plugin, which writes pages only: build the PDFs with `briefdeck build --pdf`')
  } catch (error) {
    // A mistake in the options is not a bug: Eleventy shows the message without a stack trace.
    throw Object.assign(error as Error, {skipOriginalStack: true})
  }
  const settings = {...resolveOptions({...given, root}), prefix: given.prefix ?? 'briefs', collection: given.collection ?? 'briefs'}
  const decks = settings.paths

  // Nor the command line's output folder (its deck.md and deck.html pages would be templates too).
  const out = path.relative(root, settings.out).split(path.sep).join('/')
  if (out && !out.startsWith('..')) eleventyConfig.ignores.add(`${out}/**`)
  for (const entry of decks) {
    // Eleventy must not render the briefs as ordinary Markdown pages.
    const relative = path.relative(root, entry).split(path.sep).join('/')
    eleventyConfig.ignores.add(entry.endsWith('.md') ? relative : `${relative}/**`)
    eleventyConfig.addWatchTarget(entry)
  }

  // One build of the briefs per Eleventy build, shared by the pages, the collection and the copy of images.
  let current: Promise<Built> | undefined
  const built = () => (current ??= buildBriefs(root, decks, settings))
  eleventyConfig.on('eleventy.before', () => {
    current = undefined
  })

  eleventyConfig.addCollection(settings.collection, async () => (await built()).briefs)
  const pagesKey = `briefdeckPages_${settings.collection}`
  eleventyConfig.addGlobalData(pagesKey, async () => (await built()).pages)

  // Our pages are a virtual JavaScript template: make sure the site processes that format.
  eleventyConfig.addTemplateFormats('11ty.js')
  eleventyConfig.addTemplate(
    `briefdeck-${settings.collection}.11ty.js`,
    {
      data: {
        eleventyExcludeFromCollections: true,
        pagination: {data: pagesKey, size: 1, alias: 'briefdeckPage'},
        permalink: (data: {briefdeckPage: Page}) => data.briefdeckPage.url,
        // The pages are finished HTML: no layout, no template language on them.
        layout: false
      },
      render: (data: {briefdeckPage: Page}) => data.briefdeckPage.html
    }
  )

  eleventyConfig.on('eleventy.after', async ({directories}: {directories: {output: string}}) => {
    const {assets} = await built()
    const output = path.resolve(root, directories.output)
    // The pages' fonts, beside the briefs' folders (the pages load them from ../fonts/).
    writeFonts(insideOut(output, `${settings.prefix}/${FONTS_DIR}`), copyFileAtomic)
    for (const asset of assets) {
      const target = insideOut(output, `${settings.prefix}/${asset.slug}/${asset.to}`)
      if (asset.content === undefined) copyFileAtomic(asset.from, target)
      else writeFileAtomic(target, asset.content)
    }
  })
}

type Settings = ResolvedOptions & Required<Pick<Options, 'prefix' | 'collection'>>

async function buildBriefs(root: string, decks: string[], settings: Settings): Promise<Built> {
  const existing = decks.filter((entry) => fs.existsSync(entry))
  // Checks the themes and templates before any brief, as the CLI does.
  createEnvironment(settings)
  const files = readBriefs(await findBriefs(existing, root), root, {outLabel: settings.prefix, rules: settings.rules})
  const result: Built = {briefs: [], pages: [], assets: []}
  // The same worker as the CLI's: the same preset and options, and the same time limit per brief.
  const runner = createBriefRunner({options: settings})
  try {
    for (const file of files) {
      if (hasErrors(file)) continue
      const brief = await runner.render(file)
      // A draft in a public build is not a page (the CLI lists it as skipped).
      if (!brief || hasErrors(file) || brief.skipped) continue
      const slug = slugOf(file.path)
      const pages = new Map(brief.files)
      const base = `/${settings.prefix}/${slug}`
      for (const name of ['deck.html', 'handout.html']) {
        const html = pages.get(name)
        if (html !== undefined) result.pages.push({url: `${base}/${name}`, html: typeof html === 'string' ? html : new TextDecoder().decode(html)})
      }
      result.assets.push(...brief.assets.map((asset) => ({...asset, slug})))
      const {meta} = brief
      result.briefs.push({
        slug,
        title: meta.title,
        subtitle: meta.subtitle,
        authors: meta.authors,
        organization: meta.organization,
        date: meta.date,
        deckUrl: `${base}/deck.html`,
        handoutUrl: pages.has('handout.html') ? `${base}/handout.html` : undefined,
        meta
      })
    }
  } finally {
    await runner.close()
  }
  const failed = files.filter((file) => hasErrors(file))
  if (failed.length > 0) {
    const report = reporter(withRelated(files).filter((file) => file.messages.length > 0), {color: false})
    const error = new Error(
      `briefdeck: ${failed.length} ${failed.length === 1 ? 'brief has' : 'briefs have'} errors; fix them and build again:\n${report}`
    )
    // A mistake in a brief is not a bug: Eleventy shows the report without a stack trace.
    Object.assign(error, {skipOriginalStack: true})
    throw error
  }
  // Warnings do not stop the site, but are shown, as the CLI shows them.
  const warned = withRelated(files).filter((file) => file.messages.length > 0)
  if (warned.length > 0) console.warn(`briefdeck: warnings in ${warned.length} ${warned.length === 1 ? 'brief' : 'briefs'}:\n${reporter(warned, {color: false})}`)
  result.briefs.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.title.localeCompare(b.title))
  return result
}
