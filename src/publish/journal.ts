/**
 * Publishing a brief's staged outputs is journaled: the journal is written
 * before the first file is moved into place and removed after the manifest
 * records the brief. A build that was killed halfway is rolled forward by the
 * next build, before it does anything else.
 */
import fs from 'node:fs'
import path from 'node:path'
import {removeStale, writeManifest, type Manifest, type ManifestEntry} from './manifest.js'
import {insideOut, writeFileAtomic} from './write.js'

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

/** Publish a brief: journal, move every staged file into place, drop stale files. Returns the journal's path. */
export function publish(outDir: string, journal: Journal): string {
  const file = insideOut(outDir, `${JOURNAL_DIR}/${journal.slug}.json`)
  writeFileAtomic(file, JSON.stringify(journal))
  apply(outDir, journal)
  return file
}

/** Moves that are already done are skipped, so applying a journal twice is harmless. */
function apply(outDir: string, journal: Journal): void {
  for (const [from, to] of journal.moves) {
    const source = insideOut(outDir, from)
    if (!fs.existsSync(source)) continue
    const target = insideOut(outDir, to)
    fs.mkdirSync(path.dirname(target), {recursive: true})
    fs.renameSync(source, target)
  }
  removeStale(outDir, journal.stale, journal.entry.files)
  fs.rmSync(insideOut(outDir, journal.stage), {recursive: true, force: true})
}

/**
 * Roll forward every publish a killed build left unfinished, and remove
 * stages that never reached their journal. Returns the entries to record.
 */
export function recover(outDir: string): ManifestEntry[] {
  const recovered: ManifestEntry[] = []
  const journals = path.join(outDir, JOURNAL_DIR)
  const referenced = new Set<string>()
  if (fs.existsSync(journals)) {
    for (const name of fs.readdirSync(journals).filter((entry) => entry.endsWith('.json'))) {
      const file = path.join(journals, name)
      let journal: Journal
      try {
        journal = JSON.parse(fs.readFileSync(file, 'utf8')) as Journal
      } catch {
        // Only complete journals are ever renamed into place; anything else is a temporary file.
        fs.rmSync(file, {force: true})
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

/** Recover (see `recover`), record the recovered briefs in the manifest, then forget their journals. */
export function recoverInto(outDir: string, manifest: Manifest): void {
  const recovered = recover(outDir)
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
