/**
 * What the CLI prints: vfile-reporter's report, a one-line summary, and a
 * progress line on terminals.
 */
import type {VFile} from 'vfile'
import {withRelated} from '../messages.js'
import type {BuildResult} from '../pipeline/build.js'

export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd: string
  /** Colour in reports (default: off). */
  color?: boolean
  /** Whether stderr is an interactive terminal that can show a progress line (default: no). */
  interactive?: boolean
}

export async function reportFiles(files: VFile[], io: Io): Promise<void> {
  const withMessages = withRelated(files).filter((file) => file.messages.length > 0)
  if (withMessages.length === 0) return
  // Loaded for a report only (with the string-width and emoji tables it measures with): a clean build never needs it.
  const {reporter} = await import('vfile-reporter')
  io.stderr(`${reporter(withMessages, {color: io.color ?? false})}\n`)
}

export function summary(result: BuildResult, verb: 'built' | 'checked'): string {
  const ok = result.briefs.filter((brief) => brief.ok).length
  const reused = result.briefs.filter((brief) => brief.reused).length
  const failed = result.briefs.filter((brief) => !brief.ok && !brief.skipped).length
  const parts = [
    `${ok} ${ok === 1 ? 'brief' : 'briefs'} ${verb}${reused > 0 ? ` (${reused} unchanged)` : ''}`,
    ...(failed > 0 ? [`${failed} failed`] : []),
    `${result.errors} ${result.errors === 1 ? 'error' : 'errors'}`,
    `${result.warnings} ${result.warnings === 1 ? 'warning' : 'warnings'}`
  ]
  const none = result.briefs.length === 0 ? ' (no briefs found: add Markdown files to decks/)' : ''
  return [`${parts.join(', ')} in ${(result.durationMs / 1000).toFixed(2)} s${none}`, ...notices(result)].join('\n')
}

/** What the build left out or removed on purpose, one line each, naming the briefs. */
function notices(result: BuildResult): string[] {
  const lines: string[] = []
  const drafts = result.briefs.filter((brief) => brief.skipped === 'draft')
  if (drafts.length > 0) lines.push(`Skipped ${drafts.length === 1 ? 'a draft' : `${drafts.length} drafts`} (draft: true), not published in the public profile: ${drafts.map((brief) => brief.file.path).join(', ')}`)
  for (const brief of result.briefs) {
    const pdfs = brief.skipped ? [] : (brief.removed ?? []).filter((name) => name.endsWith('.pdf'))
    if (pdfs.length > 0) lines.push(`Removed ${pdfs.join(' and ')}: older than the brief's new pages. Build with --pdf (or \`pdf: true\`) to write ${pdfs.length === 1 ? 'it' : 'them'} again`)
  }
  if (result.withdrawn.length > 0) {
    lines.push(`Removed the outputs of an internal build for ${result.withdrawn.join(', ')}: ${result.withdrawn.length === 1 ? 'it' : 'they'} did not build in the public profile, and a public folder keeps no speaker notes`)
  }
  return lines
}

/** A progress line that rewrites itself on a terminal; nothing elsewhere (CI logs stay line-oriented). */
export function progress(io: Io): ((done: number, total: number, file: VFile) => void) | undefined {
  if (!io.interactive) return undefined
  return (done, total, file) => {
    const line = done < total ? `[${done}/${total}] ${file.path}` : ''
    io.stderr(`\r\u001B[2K${line}`)
  }
}
