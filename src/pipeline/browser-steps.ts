/**
 * The build steps that need a browser: the overflow check and PDF export.
 * They run on a brief's staged outputs and report on its vfile.
 */
import path from 'node:path'
import type {VFile} from 'vfile'
import {measureOverflow, slideOverflows, type SlideOverflow} from '../browser/overflow.js'
import {printPdf} from '../browser/pdf.js'
import type {BriefMeta} from '../types.js'
import type {BrowserSession} from '../browser/session.js'
import {report, pointAt, quoted} from '../messages.js'
import type {Stage} from '../publish/stage.js'

/** Report every slide whose content overflows the slide box (an error with `strict`). */
export async function checkOverflow(session: BrowserSession, stage: Stage, slideLines: number[], file: VFile, strict: boolean): Promise<void> {
  reportOverflows(await measureOverflow(session, path.join(stage.dir, 'deck.html')), slideLines, file, strict)
}

const CULPRITS: Record<NonNullable<SlideOverflow['culprit']>, {what: string; fix: string}> = {
  table: {what: 'a table wider than the slide', fix: 'give the table fewer columns, split it, or move it into a `:::handout` block'},
  pre: {what: 'a code block wider than the slide', fix: 'break its long lines, or move it into a `:::handout` block'},
  img: {what: 'an image wider than the slide', fix: 'give it a width (`![w:600](…)`) or a `layout` such as `bg right:40%`'},
  text: {what: 'a word or address too long to break', fix: 'shorten it, or make the address a link with a short text (`[the report](https://…)`)'}
}

/** One warning per slide that does not fit, at the line where the slide starts. */
export function reportOverflows(overflows: SlideOverflow[], slideLines: number[], file: VFile, strict: boolean): void {
  for (const overflow of overflows) {
    const line = slideLines[overflow.slide - 1] ?? 1
    const sideways = overflow.right > 1 || overflow.clipped > 1
    const sides = [
      overflow.bottom > 1 ? `${overflow.bottom} px at the bottom` : '',
      overflow.right > 1 ? `${overflow.right} px at the side` : '',
      overflow.clipped > 1 ? `${overflow.clipped} px clipped inside it` : ''
    ]
      .filter(Boolean)
      .join(' and ')
    const culprit = sideways && overflow.culprit ? CULPRITS[overflow.culprit] : undefined
    const message = report(
      file,
      culprit
        ? `Slide ${overflow.slide} overflows its box by ${sides}, with ${culprit.what}: ${culprit.fix}`
        : `Slide ${overflow.slide} overflows its box by ${sides}: shorten it, split it into two slides with \`---\`, or move the detail into a \`:::handout\` block`,
      {line, column: 1},
      'slide-overflow'
    )
    if (message && strict) message.fatal = true
  }
}

/** Print deck.pdf and handout.pdf into the stage. */
export interface ExportOptions {
  /** Check the slides for overflow while the deck is loaded for printing, for a build that did not check them already (default: `false`). */
  overflow?: {slideLines: number[]; strict: boolean}
}

export async function exportPdfs(session: BrowserSession, stage: Stage, file: VFile, meta: BriefMeta, options: ExportOptions = {}): Promise<void> {
  // pdf-lib is loaded only by builds that write PDFs (it costs a fifth of a second to load).
  const {withMetadata} = await import('../browser/pdf-metadata.js')
  const metadata = {title: meta.title, authors: meta.authors, subject: meta.subtitle, keywords: meta.keywords, lang: meta.lang}
  // A public build of a notes-layout brief has no handout.
  const names = ['deck', 'handout'].filter((name) => stage.files.includes(`${name}.html`))
  // Both asked for at once, each in its own page of the one browser, as many at a time as the session lets print
  // (one on two cores, see `defaultPages`); their results are then taken in order.
  // Both finish (or fail) before anything goes on: a failed one must not leave the other printing into a stage that is discarded.
  const settled = await Promise.allSettled(
    names.map((name) => {
      const overflow = name === 'deck' ? options.overflow : undefined
      return printPdf(session, path.join(stage.dir, `${name}.html`), {
        beforePrint: overflow ? async (page) => reportOverflows(await slideOverflows(page), overflow.slideLines, file, overflow.strict) : undefined
      })
    })
  )
  const failure = settled.find((each): each is PromiseRejectedResult => each.status === 'rejected')
  if (failure) throw failure.reason
  const printed = settled.map((each) => (each as PromiseFulfilledResult<Awaited<ReturnType<typeof printPdf>>>).value)
  for (const [index, name] of names.entries()) {
    const result = printed[index]
    stage.write(`${name}.pdf`, Buffer.from(await withMetadata(result.pdf, {...metadata, headings: result.headings})))
    for (const url of new Set(result.failed)) {
      const offset = String(file.value).indexOf(url)
      report(
        file,
        `${quoted(url)} did not load within 5 s, so ${name}.pdf shows it missing: check the address, or copy the image into the project and use a relative path`,
        offset >= 0 ? pointAt(file, offset) : {line: 1, column: 1},
        'remote-resource-failed'
      )
    }
  }
}
