/**
 * Attribute checks shared by the annotations: required and unknown attributes,
 * dates, URLs and where an attribute sits in the source.
 */
import type {ContainerDirective, LeafDirective, TextDirective} from 'mdast-util-directive'
import type {Position} from 'unist'
import type {VFile} from 'vfile'
import {didYouMean, report, positionAt, quoted} from '../messages.js'
import {repeatedAttributes, scanAttributeBlock, type WrittenAttribute} from './attribute-block.js'
import {describeCharacter, forbiddenCharacter} from './characters.js'

export type Directive = ContainerDirective | LeafDirective | TextDirective

export interface AttributeSpec {
  /** Attributes that must be present and non-empty (default: none). `id` is written `#key`. */
  required?: readonly string[]
  /** Attributes that may be present (default: none). */
  optional?: readonly string[]
}

/** How an annotation is written in the source, for messages. */
export function written(node: Directive): string {
  const colons = node.type === 'textDirective' ? ':' : node.type === 'leafDirective' ? '::' : ':::'
  return `${colons}${node.name}`
}

function attributeLabel(name: string): string {
  return name === 'id' ? '#key' : name
}

/**
 * Report unknown attributes and missing required ones.
 * Returns whether every required attribute is there.
 */
export function checkAttributes(file: VFile, node: Directive, spec: AttributeSpec): boolean {
  const attributes = node.attributes ?? {}
  const required = spec.required ?? []
  const known = [...required, ...(spec.optional ?? [])]
  const spilled = spilledValues(file, node)
  for (const {name, value, words, place} of spilled) {
    report(
      file,
      `The value of \`${name}\` has a space, so ${words.map((word) => `\`${word}\``).join(', ')} ${words.length === 1 ? 'was' : 'were'} read as another attribute: quote the value, e.g. \`${name}="${[value, ...words].join(' ')}"\``,
      place,
      'unknown-attribute'
    )
  }
  const spilledWords = new Set(spilled.flatMap((item) => item.words))
  const block = writtenAttributes(file, node)
  // `__proto__="x"` never reaches the tree's plain object: only the source shows it.
  const names = new Set([...Object.keys(attributes), ...(block?.attributes.map((attribute) => attribute.name) ?? [])])
  for (const name of names) {
    if (known.includes(name) || spilledWords.has(name)) continue
    report(
      file,
      `Unknown attribute ${quoted(attributeLabel(name))} on \`${written(node)}\`.${didYouMean(name, known)} Remove it or use one of: ${known.map(attributeLabel).join(', ') || 'none'}`,
      attributePlace(file, node, name),
      'unknown-attribute'
    )
  }
  let complete = true
  for (const repeated of block ? repeatedAttributes(block.attributes) : []) {
    complete = false
    report(
      file,
      `\`${attributeLabel(repeated.name)}\` is written twice on \`${written(node)}\`, and only one of the two would count: keep one`,
      positionAt(file, block!.offset + repeated.start, block!.offset + repeated.end),
      'duplicate-attribute'
    )
  }
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value !== 'string') continue
    const forbidden = forbiddenCharacter(name, value)
    if (!forbidden) continue
    complete = false
    const what = describeCharacter(forbidden.character)
    if (forbidden.kind === 'control') {
      report(
        file,
        `\`${attributeLabel(name)}\` of \`${written(node)}\` holds ${what}: an attribute is one line of plain text, so remove it (write a line break or tab as a space)`,
        valuePlace(file, node, name),
        'attribute-control-character'
      )
    } else {
      report(
        file,
        `\`${attributeLabel(name)}\` of \`${written(node)}\` holds ${what}, which readers cannot see and which can make two keys look alike or reorder text: delete it`,
        valuePlace(file, node, name),
        'hidden-character'
      )
    }
  }
  for (const name of required) {
    const value = attributes[name]
    if (typeof value === 'string' && value.trim() !== '') continue
    complete = false
    const example = name === 'id' ? `\`${written(node)}{#my-key …}\`` : `\`${name}="…"\``
    report(file, `\`${written(node)}\` needs \`${attributeLabel(name)}\`: add ${example}`, node.position, 'missing-attribute')
  }
  return complete
}

/** The opening of a directive in the source: up to the end of its first line for a container. */
function opening(file: VFile, node: Directive): {text: string; offset: number} | undefined {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  if (start === undefined || end === undefined) return undefined
  const source = String(file.value)
  const lineEnd = source.indexOf('\n', start)
  return {text: source.slice(start, node.type === 'containerDirective' && lineEnd !== -1 ? lineEnd : end), offset: start}
}

/** `title=REPowerEU Plan`: an unquoted value with a space, whose rest was read as attributes without values. */
function spilledValues(file: VFile, node: Directive): Array<{name: string; value: string; words: string[]; place: Position | undefined}> {
  const open = opening(file, node)
  const brace = open ? blockStart(open.text, node) : -1
  if (!open || brace === -1) return []
  const block = open.text.slice(brace)
  const attributes = node.attributes ?? {}
  const found = []
  for (const match of block.matchAll(/([A-Za-z][\w-]*)=([^\s"'{}=]+)((?:[ \t]+[^\s"'{}=#.][^\s"'{}=]*(?=[ \t]|\}))+)/g)) {
    const words = match[3].trim().split(/[ \t]+/).filter((word) => attributes[word] === '')
    if (words.length === 0) continue
    const from = open.offset + brace + (match.index ?? 0)
    found.push({name: match[1], value: match[2], words, place: positionAt(file, from, from + match[0].length)})
  }
  return found
}

/** The attribute block as written, with the offset of its `{` in the file. */
function writtenAttributes(file: VFile, node: Directive): {attributes: WrittenAttribute[]; offset: number} | undefined {
  const open = opening(file, node)
  if (!open) return undefined
  const brace = blockStart(open.text, node)
  if (brace === -1) return undefined
  return {attributes: scanAttributeBlock(open.text.slice(brace)), offset: open.offset + brace}
}

/** Where the attribute block starts in the opening (`-1` without one): after the label, which may hold brackets and braces of its own. */
function blockStart(text: string, node: Directive): number {
  const nameEnd = text.indexOf(node.name) + node.name.length
  const brace = text[nameEnd] === '[' ? closingBracket(text, nameEnd) + 1 : nameEnd
  return text[brace] === '{' ? brace : -1
}

/** The index of the `]` that closes the `[` at `start` (nested pairs and escapes skipped), or the end of the text. */
function closingBracket(text: string, start: number): number {
  let depth = 0
  for (let index = start; index < text.length; index++) {
    const character = text[index]
    if (character === '\\') index++
    else if (character === '[') depth++
    else if (character === ']' && --depth === 0) return index
  }
  return text.length
}

/** A trimmed attribute value in Unicode NFC (so keys typed on different systems match), or undefined when absent or empty. */
export function attribute(node: Directive, name: string): string | undefined {
  const value = node.attributes?.[name]
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim().normalize('NFC')
  return trimmed === '' ? undefined : trimmed
}

/** The place of `name=` (or `#key` for `id`) inside the directive's opening, else the directive's. */
export function attributePlace(file: VFile, node: Directive, name: string): Position | undefined {
  const open = opening(file, node)
  const brace = open ? blockStart(open.text, node) : -1
  if (!open || brace === -1) return node.position
  const pattern = name === 'id' ? /#[^\s}]+/ : new RegExp(`(^|[\\s{])(${escapeRegExp(name)})(?=\\s*=|[\\s}]|$)`)
  const match = pattern.exec(open.text.slice(brace))
  if (!match) return node.position
  const offset = open.offset + brace + match.index + (match[1]?.length ?? 0)
  const length = name === 'id' ? match[0].length : name.length
  return positionAt(file, offset, offset + length) ?? node.position
}

/** The place of an attribute's value (`"2024-13-01"` in `date="2024-13-01"`), else of its name. */
export function valuePlace(file: VFile, node: Directive, name: string): Position | undefined {
  const open = opening(file, node)
  const brace = open ? blockStart(open.text, node) : -1
  if (!open || brace === -1) return node.position
  const match = new RegExp(`(^|[\\s{])${escapeRegExp(name)}\\s*=\\s*("[^"]*"|'[^']*'|[^\\s"'=}]+)`).exec(open.text.slice(brace))
  if (!match) return attributePlace(file, node, name)
  const offset = open.offset + brace + match.index + match[0].length - match[2].length
  return positionAt(file, offset, offset + match[2].length) ?? attributePlace(file, node, name)
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** `YYYY-MM-DD` naming a real calendar day. */
export function isValidDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** Check a date attribute; report and return undefined when invalid. */
export function dateAttribute(file: VFile, node: Directive, name: string): string | undefined {
  const value = attribute(node, name)
  if (value === undefined) return undefined
  if (isValidDate(value)) return value
  report(
    file,
    `Invalid date ${quoted(value)} in \`${name}\` of \`${written(node)}\`: write it as YYYY-MM-DD, e.g. \`2024-04-18\``,
    valuePlace(file, node, name),
    'invalid-date'
  )
  return undefined
}

/** Check a web address attribute (http or https only); report and return undefined when invalid. */
export function urlAttribute(file: VFile, node: Directive, name: string): string | undefined {
  const value = attribute(node, name)
  if (value === undefined) return undefined
  if (isWebUrl(value)) return value
  report(
    file,
    `\`${name}\` of \`${written(node)}\` must be an http or https address, not ${quoted(value)}: write the full address, e.g. \`https://example.org/report\``,
    valuePlace(file, node, name),
    'invalid-url'
  )
  return undefined
}

/** Whether a value is an absolute http(s) URL. */
export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}
