/**
 * The briefs read into vfiles, with briefs outside the project and slug
 * collisions reported on them.
 */
import fs from 'node:fs'
import path from 'node:path'
import {VFile} from 'vfile'
import type {RuleSettings} from '../rules.js'
import {report} from '../messages.js'
import {slugOf} from './find-briefs.js'
import {FONTS_DIR} from '../render/fonts.js'
import {describeMachineFailure} from './io-errors.js'
import {isInside, realPath} from '../paths.js'

export interface ReadOptions {
  /** How the output folder is named in messages (default: `'out'`). */
  outLabel?: string
  /** Severity settings for the messages (default: none). */
  rules?: RuleSettings
  /**
   * What to do with a brief the machine cannot read (a named pipe, a file
   * removed since it was found, no permission): default, an error on the brief.
   */
  onUnreadable?: (file: VFile, message: string) => void
}

/**
 * Read briefs into vfiles (paths relative to the root), each holding its
 * bytes (a Buffer, which `String()` decodes as UTF-8). A brief whose real
 * path is outside the project is an error on it and is not read; slug
 * collisions are errors on both briefs.
 */
export function readBriefs(briefPaths: readonly string[], root: string, options: ReadOptions = {}): VFile[] {
  const {outLabel = 'out', rules = {}} = options
  const realRoot = realPath(root)
  const unreadable = (file: VFile, message: string) => {
    file.data.unreadable = true
    if (options.onUnreadable) options.onUnreadable(file, message)
    else report(file, message, {line: 1, column: 1}, 'read-error')
  }
  const files = briefPaths.map((briefPath) => {
    const file = new VFile({path: path.relative(root, briefPath) || briefPath, cwd: root, value: ''})
    file.data.rules = rules
    // Resolved as it is read, not earlier: a brief made a link meanwhile is not read through it.
    const real = realPath(briefPath)
    if (!isInside(realRoot, real)) {
      report(
        file,
        `This brief is a symbolic link (or inside a linked folder) that leads outside the project, to ${real}, so it was not read: copy the brief into the project instead of linking it`,
        {line: 1, column: 1},
        'brief-outside-project'
      )
      return file
    }
    let stat: fs.Stats | undefined
    try {
      stat = fs.statSync(real)
      // A named pipe or a device would block the build or never end: only regular files are read.
      if (!stat.isFile()) {
        unreadable(file, `${briefPath}: cannot read this brief: it is not a regular file (a named pipe, a device or a socket). Give the path of a Markdown file`)
        return file
      }
      // Its bytes, decoded where it is rendered (`String(file.value)`): 200 briefs held as text cost a
      // rebuild that reuses them all some 18 ms of garbage collection, copying the text from space to space.
      file.value = fs.readFileSync(real)
    } catch (error) {
      unreadable(file, describeMachineFailure(error, 'read this brief') ?? `${briefPath}: cannot read this brief (${(error as Error).message}): check that it exists and is readable`)
    }
    return file
  })
  const bySlug = new Map<string, VFile[]>()
  for (const file of files) bySlug.set(slugOf(file.path), [...(bySlug.get(slugOf(file.path)) ?? []), file])
  for (const file of bySlug.get(FONTS_DIR) ?? []) {
    report(file, `This brief would write to ${outLabel}/${FONTS_DIR}/, where briefdeck puts the pages' fonts: rename it`, {line: 1, column: 1}, 'slug-collision')
  }
  for (const [slug, same] of bySlug) {
    if (same.length < 2) continue
    for (const file of same) {
      const others = same.filter((other) => other !== file).map((other) => other.path).join(', ')
      report(file, `This brief and ${others} would both write to ${outLabel}/${slug}/: rename one of them`, {line: 1, column: 1}, 'slug-collision')
    }
  }
  return files
}
