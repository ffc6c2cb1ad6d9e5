/**
 * Skipping briefs that have not changed: a brief's outputs are reused when its
 * source, its images, the themes, templates, settings and briefdeck itself are
 * all as they were for the last successful build. Its warnings are replayed.
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type {VFile} from 'vfile'
import {SOURCE} from '../messages.js'
import {relatedFile} from './brief-messages.js'
import {isRuleId, ruleUrl} from '../rules.js'
import type {ManifestEntry, StoredAsset, StoredMessage} from '../publish/manifest.js'

/** A fingerprint of everything outside the brief that its outputs depend on. */
export function environmentKey(folders: string[], settings: object, version: string): string {
  const hash = createHash('sha256').update(version).update(JSON.stringify(settings))
  for (const folder of folders) {
    for (const file of listFiles(folder)) hash.update(file).update(fs.readFileSync(file))
  }
  return hash.digest('hex')
}

/** The key of one brief: its source (text, or its bytes as read) and the environment. */
export function briefKey(source: string | Uint8Array, environment: string): string {
  return createHash('sha256').update(environment).update(source).digest('hex')
}

export function storeAssets(paths: string[]): StoredAsset[] {
  return paths.map((file) => {
    const stat = fs.statSync(file)
    return {path: file, size: stat.size, mtimeMs: stat.mtimeMs}
  })
}

export function storeMessages(file: VFile): StoredMessage[] {
  return [file, ...(file.data.related ?? [])].flatMap((each) =>
    each.messages.map((message) => ({
      reason: message.reason,
      ruleId: message.ruleId ?? undefined,
      place: message.place ?? undefined,
      ...(each === file ? {} : {file: each.path})
    }))
  )
}

/** Replay the warnings of an entry that stands for this build of the brief (see `canReuse`) on `file`. */
export function replayMessages(entry: ManifestEntry, file: VFile): void {
  // Replayed as they were: a brief whose outputs were kept had warnings only.
  for (const stored of entry.messages ?? []) {
    const target = stored.file === undefined ? file : relatedFile(file, stored.file)
    const message = target.message(stored.reason, {place: stored.place, ruleId: stored.ruleId, source: SOURCE})
    message.fatal = false
    if (stored.ruleId && isRuleId(stored.ruleId)) message.url = ruleUrl(stored.ruleId)
  }
}

/** Whether a previous entry can stand for this build of the brief (nothing is changed or replayed). */
export function canReuse(entry: ManifestEntry | undefined, key: string, file: VFile, listed: ReadonlySet<string>, pdf = false): boolean {
  if (!entry || entry.key !== key || entry.source !== file.path) return false
  // A build that writes PDFs rebuilds a brief that has none.
  if (pdf && !entry.files.some((name) => name.endsWith('/deck.pdf'))) return false
  for (const asset of entry.assets ?? []) {
    try {
      const stat = fs.statSync(asset.path)
      if (stat.size !== asset.size || stat.mtimeMs !== asset.mtimeMs) return false
    } catch {
      return false
    }
  }
  // `listed`: the files in the brief's folder, from the walk that checked it for links (see `checkWriteFolders`).
  return entry.files.every((name) => name.startsWith(`${entry.slug}/`) && listed.has(name.slice(entry.slug.length + 1)))
}

function listFiles(folder: string): string[] {
  if (!fs.existsSync(folder)) return []
  return fs
    .readdirSync(folder, {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort()
}
