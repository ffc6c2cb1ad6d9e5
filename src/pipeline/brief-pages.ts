/**
 * One brief's outputs: deck.md, deck.html and handout.html, from one analysis.
 */
import type {VFile} from 'vfile'
import type {AnalyzedBrief} from '../preset.js'
import {buildDeck} from '../deck/deck.js'
import type {PlannedSlide} from '../deck/plan.js'
import type {DeckRenderer, RenderedDeck} from '../deck/render.js'
import {verifyDeck} from '../deck/verify.js'
import {report} from '../messages.js'
import {renderHandoutContent} from '../handout/layouts.js'
import type {Localizer} from '../i18n/localize.js'
import {pagePolicy, serializePolicy} from '../render/csp.js'
import type {Templates} from '../render/templates.js'
import type {ThemeSet} from '../render/themes.js'
import type {BriefMeta, PaperSize} from '../types.js'
import {briefItem, citeFiles, highwireTags, styledCiteAs} from '../site/cite-this.js'
import {slugOf} from './find-briefs.js'
import {FONTS_DIR, fontFaceCss} from '../render/fonts.js'

export interface PageEnvironment {
  templates: Templates
  themes: ThemeSet
  deck: DeckRenderer
}

export interface PageOptions {
  /**
   * Switch protections off (default: all on). Only for the security tests' control
   * run, which must show that its harness would see a script that runs.
   */
  unsafe?: {sanitize?: false; csp?: false}
  /** Whether the project keeps styles from briefs (default: `false`), for the deck's last check. */
  allowStyles?: boolean
  /** Where the site is published, for "cite this brief" (default: none). */
  siteUrl?: string
  /** Whether handout.pdf is written beside the pages, for its Highwire tag (default: `false`). */
  pdf?: boolean
}

export interface BriefPages {
  /** Output files, relative to `out/<slug>/`. */
  files: Map<string, string>
  /** The deck's slides, where each starts in the brief and what it holds. */
  plan: PlannedSlide[]
}

/** The fonts' `@font-face` rules, for pages in `out/<slug>/`. */
let briefFonts: string | undefined
const BRIEF_FONTS = () => (briefFonts ??= fontFaceCss(`../${FONTS_DIR}/`))

const PAGE_SIZES: Record<PaperSize, string> = {a4: 'A4', letter: 'letter'}

export async function renderBriefPages(brief: AnalyzedBrief, file: VFile, env: PageEnvironment, options: PageOptions = {}): Promise<BriefPages> {
  const {tree, data} = brief
  const meta: BriefMeta = data.meta
  const {markdown, rendered: deck, plan, tree: deckTree} = buildDeck(tree, data, env.deck)
  for (const problem of verifyDeck(deckTree, deck, {allowStyles: options.allowStyles})) {
    report(
      file,
      `${problem.reason}, so the deck is not written: ${problem.fix}`,
      {line: briefLine(deck, plan, problem.line), column: 1},
      'deck-style'
    )
  }
  const item = briefItem(meta, {slug: slugOf(file.path), siteUrl: options.siteUrl})
  const pdf = options.pdf ? (item.URL ? item.URL.replace(/handout\.html$/, 'handout.pdf') : 'handout.pdf') : undefined
  const citation = highwireTags(item, {pdf})
  const runtime = env.templates.asset('deck-runtime.js')
  const {words} = data
  const isPublic = data.profile === 'public'
  // The notes handout is made of speaker notes: a public build does not write it.
  const withHandout = !(isPublic && meta.handout.layout === 'notes')
  if (!withHandout) {
    report(
      file,
      'The handout is not written: its layout, `notes`, is made of speaker notes, which a public build leaves out. Give the brief `handout: {layout: slides}` or `article` to publish a handout',
      {line: 1, column: 1},
      'notes-handout-not-public'
    )
  }
  const deckHtml = env.templates.deck({
    meta,
    words,
    labelsJson: runtimeLabels(words),
    citation,
    csp: options.unsafe?.csp === false ? undefined : serializePolicy(pagePolicy({scripts: [runtime, ...deck.runtimeScripts]})),
    fontsCss: BRIEF_FONTS(),
    slides: deck.html,
    marpCss: deck.css,
    pageCss: env.templates.asset('deck-page.css'),
    runtime,
    speakerNotes: !isPublic,
    handout: withHandout,
    notesJson: isPublic ? '[]' : JSON.stringify(deck.notes).replace(/</g, '\\u003c')
  })
  const files = new Map([['deck.md', markdown], ['deck.html', deckHtml], ...citeFiles(item)])
  if (!withHandout) return {files, plan}
  const content = await renderHandoutContent(tree, data, {deck, plan}, meta.handout.layout, {sanitize: options.unsafe?.sanitize})
  const handoutHtml = env.templates.handout[meta.handout.layout]({
    meta,
    words,
    citation,
    csp: options.unsafe?.csp === false ? undefined : serializePolicy(pagePolicy()),
    content,
    fontsCss: BRIEF_FONTS(),
    deckCss: content.deckCss,
    handoutCss: env.themes.handoutCss(meta.theme),
    pageSize: PAGE_SIZES[meta.handout.paper],
    citeAs: styledCiteAs(item, data.citationStyle) ?? citeAs(meta, words)
  })
  files.set('handout.html', handoutHtml)
  return {files, plan}
}

/** How to cite the brief: Authors, “Title: Subtitle”, Organization, Date (in the brief's language). */
export function citeAs(meta: BriefMeta, words: Localizer): string {
  const title = meta.subtitle ? words.text('titleAndSubtitle', {title: meta.title, subtitle: meta.subtitle}) : meta.title
  return [meta.authors.length > 0 ? words.list(meta.authors) : undefined, words.quote(title), meta.organization, meta.date ? words.date(meta.date) : undefined]
    .filter((part) => part)
    .join(words.text('comma'))
    .concat('.')
}

/** What the deck's runtime writes itself, in the brief's language: `{number}` and `{total}` stay for it to fill in. */
function runtimeLabels(words: Localizer): string {
  const labels = {
    lang: words.lang,
    dir: words.dir,
    notesOfSlide: words.text('notesOfSlide', {number: '{number}'}),
    noNotes: words.text('noNotes'),
    slidePosition: words.text('slidePosition', {number: '{number}', total: '{total}'})
  }
  return JSON.stringify(labels).replace(/</g, '\\u003c')
}

/** The brief's line of the slide that holds a line of deck.md (0-based), else of the first slide. */
function briefLine(deck: RenderedDeck, plan: PlannedSlide[], deckLine: number | undefined): number {
  let slide = 0
  deck.slideLines.forEach((lines, index) => {
    if (deckLine !== undefined && lines.length > 0 && lines[0] <= deckLine) slide = index
  })
  return plan[slide]?.line ?? 1
}
