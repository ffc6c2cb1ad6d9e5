/**
 * A brief's outputs are written to a staging folder first; they are moved into
 * `out/<slug>/` (see journal.ts) only when the whole brief succeeded.
 */
import fs from 'node:fs'
import path from 'node:path'
import {copyFileAtomic, insideOut, writeFileAtomic} from './write.js'

export interface Stage {
  dir: string
  /** Paths written, relative to the stage. */
  files: string[]
  write(relative: string, content: string | Uint8Array): void
  copy(from: string, relative: string): void
  discard(): void
}

export function createStage(parent: string, name: string): Stage {
  const dir = path.join(parent, `${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`)
  fs.mkdirSync(dir, {recursive: true})
  const files: string[] = []
  /** Folders of the stage made so far. */
  const made = new Set([dir])
  // The stage is this build's own folder, out of readers' sight until its files are moved into place
  // one by one (journal.ts): they are written directly, not through a temporary name.
  const target = (relative: string): string => {
    const file = insideOut(dir, relative)
    const folder = path.dirname(file)
    if (!made.has(folder)) {
      fs.mkdirSync(folder, {recursive: true})
      made.add(folder)
    }
    if (!files.includes(relative)) files.push(relative)
    return file
  }
  return {
    dir,
    files,
    write(relative, content) {
      const file = target(relative)
      // A name met twice (two images whose names differ only in case, on a disk that ignores case) is replaced whole.
      if (!writeNew(file, () => fs.writeFileSync(file, content, {flag: 'wx'}))) writeFileAtomic(file, content)
    },
    copy(from, relative) {
      const file = target(relative)
      if (!writeNew(file, () => fs.copyFileSync(from, file, fs.constants.COPYFILE_EXCL))) copyFileAtomic(from, file)
    },
    discard() {
      fs.rmSync(dir, {recursive: true, force: true})
    }
  }
}

/** Write a file that must not exist yet (nor a link in its place); `false` when something is there. */
function writeNew(file: string, write: () => void): boolean {
  try {
    write()
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}
