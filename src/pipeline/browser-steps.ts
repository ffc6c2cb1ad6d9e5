/**
 * The build steps that need a browser: the overflow check and PDF export.
 * They run on a brief's staged outputs and report on its vfile.
 */
import path from 'node:path'
import type {VFile} from 'vfile'
import {measureOverflow} from '../browser/overflow.js'
import {printPdf} from '../browser/pdf.js'
import {withMetadata} from '../browser/pdf-metadata.js'
import type {BriefMeta} from '../types.js'
import type {BrowserSession} from '../browser/session.js'
import {report, pointAt, quoted} from '../messages.js'
import type {Stage} from '../publish/stage.js'

/** Report every slide whose content overflows the slide box (an error with `strict`). */
export async function checkOverflow(session: BrowserSession, stage: Stage, slideLines: number[], file: VFile, strict: boolean): Promise<void> {
  const overflows = await measureOverflow(session, path.join(stage.dir, 'deck.html'))
  for (const overflow of overflows) {
    const line = slideLines[overflow.slide - 1] ?? 1
    const sides = [overflow.bottom > 1 ? `${overflow.bottom} px at the bottom` : '', overflow.right > 1 ? `${overflow.right} px at the right` : '']
      .filter(Boolean)
      .join(' and ')
    const message = report(
      file,
      `Slide ${overflow.slide} overflows its box by ${sides}: shorten it, split it into two slides with \`---\`, or move the detail into a \`:::handout\` block`,
      {line, column: 1},
      'slide-overflow'
    )
    if (message && strict) message.fatal = true
  }
}

/** Print deck.pdf and handout.pdf into the stage. */
export async function exportPdfs(session: BrowserSession, stage: Stage, file: VFile, meta: BriefMeta): Promise<void> {
  const metadata = {title: meta.title, authors: meta.authors, subject: meta.subtitle, keywords: meta.keywords, lang: meta.lang}
  for (const name of ['deck', 'handout']) {
    // A public build of a notes-layout brief has no handout.
    if (!stage.files.includes(`${name}.html`)) continue
    const result = await printPdf(session, path.join(stage.dir, `${name}.html`))
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
