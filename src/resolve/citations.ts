/**
 * Number sources in order of first citation, check every cited key, and give
 * quotes their attribution. Numbers are shared by the deck and the handout.
 */
import type {Root, RootContent} from 'mdast'
import type {VFile} from 'vfile'
import {didYouMean, report, quoted} from '../messages.js'
import type {BriefData, Citation, Quote} from '../types.js'
import {sourceAttribution} from './attribution.js'

/** Resolve citations in place. */
export function resolveCitations(tree: Root, file: VFile, data: BriefData): void {
  let next = 1
  let occurrence = 0
  const numberOf = (key: string): number | undefined => {
    const source = data.sources.get(key)
    if (!source) return undefined
    if (!source.cited) {
      source.cited = true
      source.number = next++
    }
    return source.number
  }

  const cite = (citation: Citation, inHandout: boolean): void => {
    citation.occurrence = ++occurrence
    for (const key of citation.keys) {
      const number = numberOf(key)
      if (number === undefined) {
        report(
          file,
          `Citation of unknown source ${quoted(key)}.${didYouMean(key, data.sources.keys())} Define it with \`::source{#${key} title="…"}\` or fix the key`,
          citation.position,
          'unknown-source'
        )
        continue
      }
      citation.numbers.push(number)
      if (inHandout) data.sources.get(key)?.handoutCitations.push(citation.occurrence)
    }
  }

  const walk = (nodes: RootContent[], inHandout: boolean): void => {
    for (const node of nodes) {
      if (node.type === 'citation') cite(node, inHandout)
      if (node.type === 'quote') resolveQuote(node, inHandout)
      if ('children' in node) {
        const hidden = node.type === 'speakerNotes' || (node.type === 'viewOnly' && node.view === 'slides')
        walk(node.children as RootContent[], inHandout && !hidden)
      }
    }
  }

  const resolveQuote = (node: Quote, inHandout: boolean): void => {
    if (node.sourceKey) {
      node.citation = {type: 'citation', keys: [node.sourceKey], loc: node.loc, numbers: [], occurrence: 0, position: node.position}
      cite(node.citation, inHandout)
      const source = data.sources.get(node.sourceKey)
      if (!node.by && source) node.by = sourceAttribution(source)
    } else if (!node.by) {
      report(
        file,
        'This quote says neither who said it nor where it comes from: add `by="…"` or `source=key`',
        node.position,
        'quote-unattributed'
      )
    }
  }

  walk(tree.children, true)

  for (const source of data.sources.values()) {
    if (source.cited) continue
    source.number = next++
    report(
      file,
      `Source \`#${source.key}\` is defined but never cited: cite it with \`:cite[${source.key}]\` or remove it`,
      source.position,
      'unused-source'
    )
  }
}
