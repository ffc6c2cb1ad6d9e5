/**
 * The annotations, wired together: validate every directive, turn ours into
 * typed nodes, and restore text that only looked like a directive.
 */
import type {Parent, Root, RootContent} from 'mdast'
import type {VFile} from 'vfile'
import {didYouMean, report} from '../messages.js'
import type {BriefData} from '../types.js'
import {FORM_COLONS, type Annotation, type AnnotationForm} from './annotation.js'
import {checkAttributes, type Directive} from './attributes.js'
import {cite} from './cite.js'
import {credit} from './credit.js'
import {figure} from './figure.js'
import {creditsList, sourcesList} from './lists.js'
import {notes} from './notes.js'
import {quote} from './quote.js'
import {source} from './source.js'
import {checkAnnotationSyntax} from './syntax.js'
import {handoutOnly, internalOnly, slidesOnly} from './visibility.js'

export const ANNOTATIONS: readonly Annotation[] = [
  source,
  cite,
  quote,
  credit,
  figure,
  notes,
  handoutOnly,
  slidesOnly,
  internalOnly,
  sourcesList,
  creditsList
]

const byName = new Map(ANNOTATIONS.map((annotation) => [annotation.name, annotation]))
const names = new Set(byName.keys())

const FORMS: Record<Directive['type'], AnnotationForm> = {
  textDirective: 'text',
  leafDirective: 'leaf',
  containerDirective: 'container'
}

/**
 * Check annotation syntax, then replace every directive in the tree with our
 * node for it. Problems are reported on `file`; registries are filled in `data`.
 */
export interface LowerOptions {
  /** Leave directives that are not annotations in the tree instead of reporting them (default: `false`). */
  keepUnknown?: boolean
}

export function lowerAnnotations(tree: Root, file: VFile, data: BriefData, options: LowerOptions = {}): void {
  checkAnnotationSyntax(tree, file, {names})
  const source = String(file.value)
  walk(tree)

  function walk(parent: Parent): void {
    const children: RootContent[] = []
    for (const child of parent.children as RootContent[]) {
      const lowered = isDirective(child) ? lowerDirective(child) : child
      if (!lowered) continue
      if ('children' in lowered) walk(lowered)
      children.push(lowered)
    }
    parent.children = mergeTexts(children) as Parent['children']
  }

  function lowerDirective(node: Directive): RootContent | undefined {
    const annotation = byName.get(node.name)
    const form = FORMS[node.type]
    if (form === 'text' && (!annotation || annotation.form !== 'text')) {
      return textAsWritten(node) ?? undefined
    }
    if (!annotation && options.keepUnknown) return node
    if (!annotation) {
      const written = `${FORM_COLONS[form]}${node.name}`
      const candidates = ANNOTATIONS.filter((a) => a.form === form).map((a) => a.name)
      report(
        file,
        `Unknown annotation \`${written}\`.${didYouMean(node.name, candidates)} Use one of: ${candidates.map((name) => FORM_COLONS[form] + name).join(', ')}`,
        node.position,
        'unknown-annotation'
      )
      return undefined
    }
    if (annotation.form !== form) {
      report(
        file,
        `Wrong form for \`${annotation.name}\`: write \`${FORM_COLONS[annotation.form]}${annotation.name}\`, not \`${FORM_COLONS[form]}${node.name}\``,
        node.position,
        'wrong-annotation-form'
      )
      return undefined
    }
    if (!checkAttributes(file, node, annotation.attributes)) return undefined
    const lowered = annotation.lower(node, {file, data})
    if (lowered) lowered.data = {...lowered.data, annotation: {name: node.name, attributes: {...node.attributes}}}
    return lowered
  }

  /** A text directive that is not ours (`10:30`, `U.S.:x`) goes back to its exact source text. */
  function textAsWritten(node: Directive): RootContent | undefined {
    const start = node.position?.start.offset
    const end = node.position?.end.offset
    if (start === undefined || end === undefined) return undefined
    const value = source.slice(start, end)
    const hasLabelOrAttributes = /[[{]/.test(value)
    if (hasLabelOrAttributes && didYouMean(node.name, ['cite']) !== '' && node.name !== 'cite') {
      report(file, `Unknown annotation \`:${node.name}\`. Did you mean \`:cite\`? Fix the name, e.g. \`:cite[key]\``, node.position, 'unknown-annotation')
    }
    return {type: 'text', value, position: node.position}
  }
}

function isDirective(node: RootContent): node is Directive {
  return node.type === 'textDirective' || node.type === 'leafDirective' || node.type === 'containerDirective'
}

/** Adjacent text nodes (a restored `10:30` next to its neighbours) become one, as a parser would make them. */
function mergeTexts(nodes: RootContent[]): RootContent[] {
  const merged: RootContent[] = []
  for (const node of nodes) {
    const previous = merged[merged.length - 1]
    if (node.type === 'text' && previous?.type === 'text') {
      merged[merged.length - 1] = {
        type: 'text',
        value: previous.value + node.value,
        position: previous.position && node.position ? {start: previous.position.start, end: node.position.end} : undefined
      }
    } else merged.push(node)
  }
  return merged
}
