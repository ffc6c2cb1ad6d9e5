/**
 * Publishing a brief's staged outputs is journaled: the journal is written
 * before the first file is moved into place and removed after the manifest
 * records the brief. A build that was killed halfway is rolled forward by the
 * next build, before it does anything else. A journal of the wrong shape is
 * set aside with a warning rather than applied (or left to stop every build).
 */
import fs from 'node:fs'
import path from 'node:path'
import {removeStale, writeManifest, type Manifest, type ManifestEntry} from './manifest.js'
import {insideOut, writeFileAtomic} from './write.js'
import {isBelow, isInside} from '../paths.js'

export interface Journal {
  slug: string
  /** Staged file → its place, both relative to `out/`. */
  moves: Array<[string, string]>
  /** Files of the brief's previous build that the new one no longer has. */
  stale: string[]
  /** The stage folder, relative to `out/`. */
  stage: string
  /** The manifest entry once published. */
  entry: ManifestEntry
}

export const JOURNAL_DIR = '.briefdeck/journal'
export const STAGING_DIR = '.briefdeck/staging'
/** Where journals that cannot be applied are moved, for a person to look at. */
export const SET_ASIDE_DIR = '.briefdeck/journal-set-aside'

/** Publish a brief: journal, move every staged file into place, drop stale files. Returns the journal's path. */
export function publish(outDir: string, journal: Journal): string {
  const file = insideOut(outDir, `${JOURNAL_DIR}/${journal.slug}.json`)
  writeFileAtomic(file, JSON.stringify(journal))
  apply(outDir, journal)
  return file
}

/** Moves that are already done are skipped, so applying a journal twice is harmless. */
function apply(outDir: string, journal: Journal): void {
  /** Folders made (or found) for this brief's files so far. */
  const made = new Set<string>()
  for (const [from, to] of journal.moves) {
    const source = insideOut(outDir, from)
    if (!fs.existsSync(source)) continue
    const target = insideOut(outDir, to)
    if (!made.has(path.dirname(target))) {
      fs.mkdirSync(path.dirname(target), {recursive: true})
      made.add(path.dirname(target))
    }
    fs.renameSync(source, target)
  }
  removeStale(outDir, journal.stale, journal.entry.files)
  fs.rmSync(insideOut(outDir, journal.stage), {recursive: true, force: true})
}

/**
 * Roll forward every publish a killed build left unfinished, and remove
 * stages that never reached their journal. A journal briefdeck cannot have
 * written (not JSON, the wrong shape, a path outside `out/`) is never applied:
 * it is moved to `SET_ASIDE_DIR` and `onWarning` says so. Returns the entries to record.
 */
export function recover(outDir: string, onWarning: (message: string) => void = () => {}): ManifestEntry[] {
  const recovered: ManifestEntry[] = []
  const journals = path.join(outDir, JOURNAL_DIR)
  const referenced = new Set<string>()
  if (fs.existsSync(journals)) {
    for (const name of fs.readdirSync(journals).filter((entry) => entry.endsWith('.json'))) {
      const file = path.join(journals, name)
      let journal: Journal
      try {
        journal = checkJournal(parseJson(fs.readFileSync(file, 'utf8')), outDir, name.slice(0, -'.json'.length))
      } catch (error) {
        onWarning(setAside(outDir, file, (error as Error).message))
        continue
      }
      referenced.add(path.resolve(outDir, journal.stage))
      apply(outDir, journal)
      recovered.push(journal.entry)
    }
  }
  const staging = path.join(outDir, STAGING_DIR)
  if (fs.existsSync(staging)) {
    for (const name of fs.readdirSync(staging)) {
      const dir = path.join(staging, name)
      if (!referenced.has(dir)) fs.rmSync(dir, {recursive: true, force: true})
    }
  }
  return recovered
}

/** Move a journal that cannot be applied out of the way; returns the warning to show. */
function setAside(outDir: string, file: string, problem: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const target = path.join(outDir, SET_ASIDE_DIR, `${path.basename(file, '.json')}-${stamp}.json`)
  fs.mkdirSync(path.dirname(target), {recursive: true})
  fs.renameSync(file, target)
  const shown = (at: string) => path.join(path.basename(outDir), path.relative(outDir, at))
  return (
    `the journal ${shown(file)} is not one briefdeck can apply (${problem}): it was set aside, not applied, as ${shown(target)}. ` +
    `If a build was stopped while publishing that brief, run \`briefdeck build --force\` to rewrite its outputs; then delete the set-aside file`
  )
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new Error('it is not JSON')
  }
}

/** `value` as a journal for the brief `slug`, or an error saying what is wrong with it. */
function checkJournal(value: unknown, outDir: string, slug: string): Journal {
  const fail = (problem: string): never => {
    throw new Error(problem)
  }
  const isObject = (item: unknown): item is Record<string, unknown> => typeof item === 'object' && item !== null && !Array.isArray(item)
  const isString = (item: unknown): item is string => typeof item === 'string' && item !== '' && !item.includes('\0')
  const isStrings = (item: unknown): item is string[] => Array.isArray(item) && item.every(isString)
  /** A path relative to out/ that stays inside it, and out of briefdeck's own folder unless `internal`. */
  const inOut = (item: string, what: string, internal = false): void => {
    const target = path.resolve(outDir, item)
    if (!isBelow(outDir, target)) fail(`${what} ${JSON.stringify(item)} is outside the output folder`)
    if (!internal && isInside(path.join(outDir, '.briefdeck'), target)) fail(`${what} ${JSON.stringify(item)} is inside .briefdeck/`)
  }
  if (!isObject(value)) return fail(`it is ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}, not an object`)
  const {moves, stale, stage, entry} = value
  if (value.slug !== slug) fail(`its slug is ${JSON.stringify(value.slug)}, not "${slug}"`)
  if (!isString(stage)) return fail('its stage is not a path')
  if (!isBelow(path.join(outDir, STAGING_DIR), path.resolve(outDir, stage))) fail(`its stage ${JSON.stringify(stage)} is not in ${STAGING_DIR}/`)
  if (!Array.isArray(moves) || !moves.every((move) => Array.isArray(move) && move.length === 2 && isString(move[0]) && isString(move[1]))) {
    return fail('its moves are not a list of [from, to] paths')
  }
  for (const [from, to] of moves as Array<[string, string]>) {
    if (!isInside(path.resolve(outDir, stage), path.resolve(outDir, from))) fail(`the move from ${JSON.stringify(from)} is not from its stage`)
    inOut(to, 'the move to')
  }
  if (!isStrings(stale)) return fail('its stale files are not a list of paths')
  for (const item of stale) inOut(item, 'the stale file')
  if (!isObject(entry)) return fail('its entry is not an object')
  if (entry.slug !== slug) fail(`its entry is for ${JSON.stringify(entry.slug)}, not "${slug}"`)
  if (!isString(entry.source)) fail('its entry has no source')
  if (!isStrings(entry.files)) return fail('its entry\'s files are not a list of paths')
  for (const item of entry.files) inOut(item, 'the entry\'s file')
  const meta = entry.meta
  if (!isObject(meta) || typeof meta.title !== 'string' || !isStrings(meta.authors ?? [])) fail('its entry has no title or authors')
  for (const key of ['subtitle', 'organization', 'date'] as const) {
    if (isObject(meta) && meta[key] !== undefined && typeof meta[key] !== 'string') fail(`its entry's ${key} is not text`)
  }
  if (entry.key !== undefined && typeof entry.key !== 'string') fail('its entry\'s key is not text')
  for (const key of ['assets', 'messages'] as const) {
    if (entry[key] !== undefined && !(Array.isArray(entry[key]) && (entry[key] as unknown[]).every(isObject))) fail(`its entry's ${key} are not a list`)
  }
  return value as unknown as Journal
}

/** Recover (see `recover`), record the recovered briefs in the manifest, then forget their journals. */
export function recoverInto(outDir: string, manifest: Manifest, onWarning?: (message: string) => void): void {
  const recovered = recover(outDir, onWarning)
  if (recovered.length === 0) return
  for (const entry of recovered) manifest.briefs[entry.slug] = entry
  writeManifest(outDir, manifest)
  const journals = path.join(outDir, JOURNAL_DIR)
  for (const name of fs.readdirSync(journals)) finish(path.join(journals, name))
}

/** Forget a finished publish. */
export function finish(journalFile: string): void {
  fs.rmSync(journalFile, {force: true})
}
