/**
 * Writing outputs: each file is written to a temporary name and renamed into
 * place, so a reader never sees half a file. Nothing is written outside `out/`.
 */
import fs from 'node:fs'
import path from 'node:path'
import {isBelow} from '../paths.js'

/** Resolve `relative` inside `outDir`, refusing anything that would land outside it. */
export function insideOut(outDir: string, relative: string): string {
  const target = path.resolve(outDir, relative)
  if (!isBelow(outDir, target)) {
    throw new Error(`Refusing to write ${relative}: it is outside ${outDir}`)
  }
  return target
}

/** Write a file atomically. */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), {recursive: true})
  const temporary = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`
  try {
    fs.writeFileSync(temporary, content)
    fs.renameSync(temporary, file)
  } catch (error) {
    fs.rmSync(temporary, {force: true})
    throw error
  }
}

/** Copy a file atomically. */
export function copyFileAtomic(from: string, to: string): void {
  writeFileAtomic(to, fs.readFileSync(from))
}
