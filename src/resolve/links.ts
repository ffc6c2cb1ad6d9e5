/**
 * Links in a brief may go to http, https and mailto addresses, or be relative.
 */
import type {Root} from 'mdast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {report, quoted} from '../messages.js'

const ALLOWED = new Set(['http:', 'https:', 'mailto:'])

export function checkLinks(tree: Root, file: VFile): void {
  visit(tree, (node) => {
    if (node.type !== 'link' && node.type !== 'definition') return
    const scheme = /^\s*([a-z][a-z\d+.-]*:)/i.exec(node.url.replace(/[\u0000-\u001F]/g, ''))?.[1]?.toLowerCase()
    if (scheme === undefined || ALLOWED.has(scheme)) return
    report(
      file,
      `Link to ${quoted(node.url)} is not allowed: links may use http, https or mailto, or be relative; write the full address, e.g. \`https://example.org\``,
      node.position,
      'unsafe-url'
    )
    node.url = ''
  })
}
