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
  return {
    dir,
    files,
    write(relative, content) {
      writeFileAtomic(insideOut(dir, relative), content)
      files.push(relative)
    },
    copy(from, relative) {
      copyFileAtomic(from, insideOut(dir, relative))
      files.push(relative)
    },
    discard() {
      fs.rmSync(dir, {recursive: true, force: true})
    }
  }
}
