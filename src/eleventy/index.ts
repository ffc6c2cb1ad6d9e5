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
import {renderBrief} from '../pipeline/render-brief.js'
import {findBriefs, slugOf} from '../pipeline/find-briefs.js'
import {createEnvironment, readBriefs} from '../pipeline/project.js'
import {copyFileAtomic, insideOut} from '../publish/write.js'
import {hasErrors} from '../messages.js'
import {HANDOUT_LAYOUTS, PAPER_SIZES, type Asset, type BriefMeta, type HandoutLayout, type PaperSize} from '../types.js'

export interface Options {
  /** Briefs, or folders of briefs, relative to the project (default: `'decks'`). */
  decks?: string | string[]
  /** URL folder the pages go under (default: `'briefs'`: `/briefs/<slug>/deck.html`). */
  prefix?: string
  /** Name of the collection that lists the briefs (default: `'briefs'`). */
  collection?: string
  /** Project root (default: the current directory, where Eleventy runs). */
  root?: string
  /** Theme for briefs that name none (default: `'briefing'`). */
  theme?: string
  /** Handout layout for briefs that name none (default: `'article'`). */
  handoutLayout?: HandoutLayout
  /** Paper size for briefs that name none (default: `'a4'`). */
  paper?: PaperSize
  /** Fail the build on warnings too (default: `false`). */
  strict?: boolean
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
  handoutUrl: string
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

const OPTION_NAMES = ['decks', 'prefix', 'collection', 'root', 'theme', 'handoutLayout', 'paper', 'strict'] as const

/** Minimal view of Eleventy's config API, so the plugin needs no Eleventy types at run time. */
export interface EleventyConfig {
  addTemplate(path: string, content: unknown, data?: object): void
  addCollection(name: string, callback: () => unknown): void
  addGlobalData(name: string, value: unknown): void
  addWatchTarget(target: string): void
  addTemplateFormats(formats: string): void
  ignores: {add(pattern: string): void}
  on(event: string, callback: (...args: never[]) => unknown): void
}

export default function briefdeckEleventy(eleventyConfig: EleventyConfig, options: Options = {}): void {
  const settings = checkOptions(options)
  const root = path.resolve(settings.root)
  const decks = (Array.isArray(settings.decks) ? settings.decks : [settings.decks]).map((entry) => path.resolve(root, entry))

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
    for (const asset of assets) copyFileAtomic(asset.from, insideOut(output, `${settings.prefix}/${asset.slug}/${asset.to}`))
  })
}

function checkOptions(options: Options): Required<Omit<Options, 'theme' | 'handoutLayout' | 'paper'>> & Options {
  if (typeof options !== 'object' || options === null) throw new Error('briefdeck: the Eleventy plugin takes an options object, e.g. {decks: "decks"}')
  for (const key of Object.keys(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) {
      throw new Error(`briefdeck: unknown option \`${key}\` for the Eleventy plugin. Use one of: ${OPTION_NAMES.join(', ')}`)
    }
  }
  if (options.handoutLayout !== undefined && !HANDOUT_LAYOUTS.includes(options.handoutLayout)) {
    throw new Error(`briefdeck: \`handoutLayout\` must be one of ${HANDOUT_LAYOUTS.join(', ')}`)
  }
  if (options.paper !== undefined && !PAPER_SIZES.includes(options.paper)) {
    throw new Error(`briefdeck: \`paper\` must be one of ${PAPER_SIZES.join(', ')}`)
  }
  if (options.prefix !== undefined && !/^[a-z0-9][a-z0-9/_-]*$/i.test(options.prefix)) {
    throw new Error('briefdeck: `prefix` must be a URL folder such as "briefs" (letters, digits, -, _ and /)')
  }
  // A copy with defaults: the caller's object is never changed.
  return {
    decks: options.decks ?? 'decks',
    prefix: (options.prefix ?? 'briefs').replace(/\/+$/, ''),
    collection: options.collection ?? 'briefs',
    root: options.root ?? process.cwd(),
    strict: options.strict ?? false,
    theme: options.theme,
    handoutLayout: options.handoutLayout,
    paper: options.paper
  }
}

async function buildBriefs(root: string, decks: string[], settings: ReturnType<typeof checkOptions>): Promise<Built> {
  const existing = decks.filter((entry) => fs.existsSync(entry))
  const env = createEnvironment({root, defaultTheme: settings.theme})
  const files = readBriefs(await findBriefs(existing, root), root, settings.prefix)
  const result: Built = {briefs: [], pages: [], assets: []}
  for (const file of files) {
    if (hasErrors(file)) continue
    const brief = await renderBrief(file, env, {
      root,
      strict: settings.strict,
      defaultTheme: settings.theme,
      defaultHandoutLayout: settings.handoutLayout,
      defaultPaper: settings.paper
    })
    if (!brief) continue
    const slug = slugOf(file.path)
    const pages = new Map(brief.files)
    const base = `/${settings.prefix}/${slug}`
    for (const name of ['deck.html', 'handout.html']) result.pages.push({url: `${base}/${name}`, html: pages.get(name) as string})
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
      handoutUrl: `${base}/handout.html`,
      meta
    })
  }
  const failed = files.filter((file) => hasErrors(file))
  if (failed.length > 0) {
    const report = reporter(files.filter((file) => file.messages.length > 0), {color: false})
    const error = new Error(
      `briefdeck: ${failed.length} ${failed.length === 1 ? 'brief has' : 'briefs have'} errors; fix them and build again:\n${report}`
    )
    // A mistake in a brief is not a bug: Eleventy shows the report without a stack trace.
    Object.assign(error, {skipOriginalStack: true})
    throw error
  }
  result.briefs.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.title.localeCompare(b.title))
  return result
}
