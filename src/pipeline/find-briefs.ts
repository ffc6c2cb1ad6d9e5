/**
 * Find the briefs to build: Markdown files given directly, or inside folders.
 */
import fs from 'node:fs'
import path from 'node:path'
import {glob} from 'tinyglobby'
import {UsageError} from '../errors.js'
import {isBelow, isInside, realPath} from '../paths.js'

export interface FindOptions {
  /** The output folder: when it lies inside a folder searched for briefs, its deck.md files are not briefs (default: none). */
  exclude?: string
}

/** Absolute paths of the briefs, sorted, without duplicates. */
export async function findBriefs(paths: readonly string[], cwd: string, options: FindOptions = {}): Promise<string[]> {
  const found = new Set<string>()
  const exclude = options.exclude ? realPath(options.exclude) : undefined
  for (const given of paths) {
    const absolute = path.resolve(cwd, given)
    let stat: fs.Stats
    try {
      stat = fs.statSync(absolute)
    } catch {
      throw new UsageError(`${given}: no such file or folder. Give the path of a brief (decks/my-brief.md) or of a folder of briefs (decks)`)
    }
    if (stat.isDirectory()) {
      const files = await glob('**/*.md', {cwd: absolute, absolute: true, ignore: ['**/node_modules/**', '**/.*/**']})
      // An output folder inside this folder (`--out decks/out`) holds our deck.md files, not briefs;
      // one that is this folder or holds it is refused later, with the briefs it would hold.
      const skip = exclude && isBelow(realPath(absolute), exclude) ? exclude : undefined
      for (const file of files) {
        if (skip && isInside(skip, realPath(file))) continue
        found.add(path.normalize(file))
      }
    } else if (absolute.endsWith('.md')) {
      found.add(absolute)
    } else {
      throw new UsageError(`${given}: not a Markdown file. Briefs are .md files`)
    }
  }
  return [...found].sort()
}

/** The folder name a brief writes to in `out/`: its file name, lower-cased, safe for URLs. */
export function slugOf(file: string): string {
  const base = path.basename(file, path.extname(file))
  const slug = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return slug || 'brief'
}
