/**
 * The XMP metadata packet of a PDF (ISO 16684): the same title, authors,
 * subject, keywords and language as the document information, where
 * accessibility checkers (PDF/UA) and archives read them. Built as an XML tree.
 */
import type {Root} from 'xast'
import {x} from 'xastscript'
import {toXml} from 'xast-util-to-xml'

export interface XmpFields {
  title: string
  authors: string[]
  subject?: string
  keywords: string[]
  lang: string
  creator: string
}

const alt = (value: string) => x('rdf:Alt', [x('rdf:li', {'xml:lang': 'x-default'}, value)])
const list = (kind: 'rdf:Seq' | 'rdf:Bag', values: string[]) => x(kind, values.map((value) => x('rdf:li', value)))

/** The packet, as text to put in the PDF's metadata stream. */
export function xmpPacket(fields: XmpFields): string {
  const description = x(
    'rdf:Description',
    {
      'rdf:about': '',
      'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
      'xmlns:pdf': 'http://ns.adobe.com/pdf/1.3/',
      'xmlns:xmp': 'http://ns.adobe.com/xap/1.0/'
    },
    [
      x('dc:format', 'application/pdf'),
      x('dc:title', [alt(fields.title)]),
      fields.authors.length > 0 ? x('dc:creator', [list('rdf:Seq', fields.authors)]) : undefined,
      fields.subject ? x('dc:description', [alt(fields.subject)]) : undefined,
      fields.keywords.length > 0 ? x('dc:subject', [list('rdf:Bag', fields.keywords)]) : undefined,
      x('dc:language', [list('rdf:Bag', [fields.lang])]),
      fields.keywords.length > 0 ? x('pdf:Keywords', fields.keywords.join(', ')) : undefined,
      x('xmp:CreatorTool', fields.creator)
    ]
  )
  const tree: Root = {
    type: 'root',
    children: [
      {type: 'instruction', name: 'xpacket', value: 'begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"'},
      x('x:xmpmeta', {'xmlns:x': 'adobe:ns:meta/'}, [x('rdf:RDF', {'xmlns:rdf': 'http://www.w3.org/1999/02/22-rdf-syntax-ns#'}, [description])]),
      {type: 'instruction', name: 'xpacket', value: 'end="w"'}
    ]
  }
  return toXml(tree)
}
