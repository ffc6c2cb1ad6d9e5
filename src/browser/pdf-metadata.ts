/**
 * What Chromium does not write into a PDF: the author, subject, keywords and
 * language in the document information and catalog, and the same as XMP
 * metadata, set with pdf-lib. The tag tree and outline Chromium wrote are
 * kept as they are.
 */
import {PDFDict, PDFDocument, PDFHexString, PDFName, PDFString} from 'pdf-lib'
import {xmpPacket} from './xmp.js'

export interface PdfMetadata {
  title: string
  authors: string[]
  /** The brief's subtitle. */
  subject?: string
  keywords: string[]
  /** BCP 47 language tag. */
  lang: string
  /** The program that made the document (default: `briefdeck`). */
  creator?: string
  /**
   * The text of the page's headings, in order: the outline's titles. Chromium
   * joins the lines of a wrapped heading without a space ("coalitionheld").
   */
  headings?: string[]
}

/** The PDF with its metadata set; the rest of the file is carried over unchanged. */
export async function withMetadata(pdf: Uint8Array, metadata: PdfMetadata): Promise<Uint8Array> {
  const document = await PDFDocument.load(pdf, {updateMetadata: false})
  // Viewers show the title, not the file name, in their window (PDF/UA asks for this).
  document.setTitle(metadata.title, {showInWindowTitleBar: true})
  if (metadata.authors.length > 0) document.setAuthor(metadata.authors.join('; '))
  if (metadata.subject) document.setSubject(metadata.subject)
  // One text, comma-separated: a keyword may have spaces in it.
  if (metadata.keywords.length > 0) document.setKeywords([metadata.keywords.join(', ')])
  document.setLanguage(metadata.lang)
  const creator = metadata.creator ?? 'briefdeck'
  document.setCreator(creator)
  // The same in XMP, where accessibility checkers and archives look (uncompressed, as readers expect).
  const packet = xmpPacket({...metadata, creator})
  const stream = document.context.stream(new TextEncoder().encode(packet), {Type: 'Metadata', Subtype: 'XML'})
  document.catalog.set(PDFName.of('Metadata'), document.context.register(stream))
  const outline = document.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)
  if (outline) {
    // Each bookmark gets its heading's text, matched in order by the letters (a clipped heading has no bookmark;
    // a heading moved to the next page so as not to end one comes out twice in Chromium's title).
    const headings = metadata.headings ?? []
    let next = 0
    for (const item of outlineItems(outline)) {
      const title = item.lookupMaybe(PDFName.of('Title'), PDFString, PDFHexString)?.decodeText() ?? ''
      const found = headings.findIndex((heading, index) => index >= next && sameLetters(heading, title))
      if (found < 0) continue
      item.set(PDFName.of('Title'), PDFHexString.fromText(headings[found]))
      next = found + 1
    }
    // Bookmarks open beside the document.
    document.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'))
  }
  return document.save({useObjectStreams: false})
}

/** The outline's items, depth first (the order of the headings they come from). */
function outlineItems(parent: PDFDict, items: PDFDict[] = []): PDFDict[] {
  let item = parent.lookupMaybe(PDFName.of('First'), PDFDict)
  for (let guard = 0; item && guard < 100_000; guard++) {
    items.push(item)
    outlineItems(item, items)
    item = item.lookupMaybe(PDFName.of('Next'), PDFDict)
  }
  return items
}

const letters = (text: string) => text.replace(/\s+/g, '')

/** Whether a bookmark's title is the heading, its line breaks' spaces lost, once or repeated. */
function sameLetters(heading: string, title: string): boolean {
  const wanted = letters(heading)
  const got = letters(title)
  return wanted.length > 0 && got.length % wanted.length === 0 && got === wanted.repeat(got.length / wanted.length)
}
