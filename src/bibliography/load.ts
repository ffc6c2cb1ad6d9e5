/**
 * Load the bibliography files a brief uses (the project's library from the
 * options, then the brief's `bibliography:`) into its source registry. Each
 * file is read once per process while unchanged; its problems are messages on
 * its own vfile, kept with the brief as a related file.
 */
import fs from 'node:fs'
import path from 'node:path'
import type {Position} from 'unist'
import {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {isWebUrl} from '../annotations/attributes.js'
import {definedAt} from '../annotations/source.js'
import {quoted, report} from '../messages.js'
import {isInside, realPath} from '../paths.js'
import type {BriefData} from '../types.js'
import type {DefinedItem} from './csl.js'
import {sourceEntry} from './entry.js'
import {BIBLIOGRAPHY_EXTENSIONS, parseBibliography} from './parse.js'

export interface LoadOptions {
  /** Project root: bibliography files must be inside it. */
  root: string
  /** The project's bibliography files (absolute paths). */
  library: string[]
}

interface Parsed {
  size: number
  mtimeMs: number
  items: DefinedItem[]
  messages: VFileMessage[]
}

const parsedFiles = new Map<string, Parsed>()

/** Register every entry of the brief's bibliography files in `data.sources`; returns the files read, with their messages. */
export function loadBibliographies(file: VFile, data: BriefData, options: LoadOptions): VFile[] {
  // Compared with real paths, so a project reached through a symbolic link is still itself.
  const root = realPath(options.root)
  const briefDir = path.resolve(file.cwd, file.dirname ?? '.')
  const wanted: Array<{absolute: string; written: string; place?: Position; fromConfig: boolean}> = [
    ...options.library.map((absolute) => ({absolute, written: path.relative(root, absolute).split(path.sep).join('/'), fromConfig: true})),
    ...data.meta.citations.bibliography.map((entry) => ({absolute: path.resolve(briefDir, entry.path), written: entry.path, place: entry.position, fromConfig: false}))
  ]
  const related: VFile[] = []
  const seen = new Set<string>()
  for (const want of wanted) {
    const where = want.fromConfig ? 'The project’s bibliography' : 'The bibliography'
    const place = want.place ?? {line: 1, column: 1}
    if (want.written.includes('\0') || (!want.fromConfig && (path.isAbsolute(want.written) || /^[a-z]:[\\/]/i.test(want.written)))) {
      report(file, `${where} ${quoted(want.written)} is not a relative path: write a path relative to the brief, inside the project, e.g. \`references.bib\``, place, 'bibliography-outside-project')
      continue
    }
    let real: string
    try {
      real = realPath(want.absolute)
    } catch {
      real = want.absolute
    }
    if (!isInside(root, real)) {
      report(file, `${where} ${quoted(want.written)} is outside the project: keep bibliography files in the project folder, e.g. next to the brief`, place, 'bibliography-outside-project')
      continue
    }
    let stat: fs.Stats
    try {
      stat = fs.statSync(real)
      if (!stat.isFile()) throw new Error('not a file')
    } catch {
      const extensions = Object.keys(BIBLIOGRAPHY_EXTENSIONS).join(', ')
      report(
        file,
        `${where} ${quoted(want.written)} does not exist (looked for ${quoted(path.relative(root, want.absolute).split(path.sep).join('/'))}): check the path, which is relative to ${want.fromConfig ? 'the project' : 'the brief'}; briefdeck reads ${extensions}`,
        place,
        'bibliography-missing'
      )
      continue
    }
    if (seen.has(real)) continue
    seen.add(real)
    const relative = path.relative(file.cwd, real).split(path.sep).join('/')
    const bib = new VFile({path: relative, cwd: file.cwd})
    bib.data.rules = file.data.rules
    const parsed = parse(real, stat, bib)
    // Copies: a message belongs to one brief's report (strict mode makes its own errors of warnings).
    for (const message of parsed.messages) {
      const copy = bib.message(message.reason, {place: message.place, ruleId: message.ruleId, source: message.source})
      copy.fatal = message.fatal
      copy.url = message.url
    }
    register(bib, parsed.items, data)
    data.dependencies.push(real)
    related.push(bib)
  }
  return related
}

function parse(real: string, stat: fs.Stats, bib: VFile): Parsed {
  const cached = parsedFiles.get(real)
  if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) {
    return cached
  }
  const scratch = new VFile({path: bib.path, cwd: bib.cwd, value: fs.readFileSync(real, 'utf8')})
  scratch.data.rules = bib.data.rules
  const items = parseBibliography(scratch)
  for (const {item, position} of items) {
    if (typeof item.URL === 'string' && !isWebUrl(item.URL)) {
      report(scratch, `The URL of entry ${quoted(item.id)} is not an http or https address (${quoted(item.URL)}), so it is left out: correct it in your reference manager`, position, 'invalid-url')
      delete item.URL
    }
  }
  const parsed = {size: stat.size, mtimeMs: stat.mtimeMs, items, messages: scratch.messages}
  parsedFiles.set(real, parsed)
  return parsed
}

function register(bib: VFile, items: DefinedItem[], data: BriefData): void {
  for (const {item, position} of items) {
    const existing = data.sources.get(item.id)
    if (existing) {
      report(
        bib,
        `Duplicate source key \`${item.id}\`: it is already defined${definedAt(existing)}. Give each entry its own key (in Zotero with Better BibTeX: pin a different citation key), or remove one of the two`,
        position,
        'duplicate-key'
      )
      continue
    }
    data.sources.set(item.id, sourceEntry(item, {file: bib.path, position}))
  }
}
