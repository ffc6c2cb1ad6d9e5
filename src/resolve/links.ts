/**
 * Links in a brief may go to http, https and mailto addresses, or be relative.
 */
import type {Root} from 'mdast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {report, quoted} from '../messages.js'
import {hasControlCharacter, isProtocolRelative, urlScheme} from './urls.js'

const ALLOWED = new Set(['http:', 'https:', 'mailto:'])

export function checkLinks(tree: Root, file: VFile): void {
  visit(tree, (node) => {
    if (node.type !== 'link' && node.type !== 'definition') return
    if (hasControlCharacter(node.url)) {
      report(
        file,
        `Link to ${quoted(node.url)} holds a control character (or \`&#0;\`…\`&#31;\`, which read as one), which no address has and which browsers skip: write the address without it`,
        node.position,
        'unsafe-url'
      )
      node.url = ''
      return
    }
    if (isProtocolRelative(node.url)) {
      report(
        file,
        `Link to ${quoted(node.url)} leads to another site without saying how: write the full address, e.g. \`https:${node.url.trim().replace(/^[/\\]+/, '//')}\``,
        node.position,
        'unsafe-url'
      )
      node.url = ''
      return
    }
    const scheme = urlScheme(node.url)
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
