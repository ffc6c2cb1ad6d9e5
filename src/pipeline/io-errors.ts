/**
 * Failures of the machine rather than of a brief: a full disk, a read-only or
 * locked-down folder, a file removed while the build ran. Each becomes a
 * sentence naming the path, what happened and what to do (exit code 2), never
 * "this is a bug".
 */

interface Known {
  /** What happened, after the path. */
  what: string
  /** What to do about it. */
  fix: string
}

const KNOWN: Record<string, Known> = {
  ENOSPC: {what: 'the disk is full', fix: 'free some space on that disk (or write elsewhere with --out), then build again'},
  EDQUOT: {what: 'the disk quota is used up', fix: 'free some space (or write elsewhere with --out), then build again'},
  EROFS: {what: 'the file system is read-only', fix: 'write elsewhere with --out, or make that file system writable'},
  EACCES: {what: 'permission denied', fix: 'give your user access to it (or write elsewhere with --out)'},
  EPERM: {what: 'the operation is not permitted', fix: 'give your user access to it (or write elsewhere with --out)'},
  ENOENT: {what: 'it does not exist (it was removed or renamed while the build ran?)', fix: 'check that it is there, then build again'},
  ENOTDIR: {what: 'a part of the path is not a folder', fix: 'check the path, then build again'},
  EISDIR: {what: 'it is a folder, not a file', fix: 'give the path of a file'},
  ELOOP: {what: 'its symbolic links go round in a circle', fix: 'fix or remove the links'},
  EMFILE: {what: 'too many files are open', fix: 'close other programs or raise the open-file limit (ulimit -n), then build again'},
  ENFILE: {what: 'the system has too many files open', fix: 'close other programs, then build again'},
  EIO: {what: 'the disk reported an input/output error', fix: 'check the disk, then build again'},
  EBUSY: {what: 'it is busy (in use by another program)', fix: 'close the program using it, then build again'},
  ENAMETOOLONG: {what: 'the path is too long', fix: 'use a shorter project or output path'},
  EFBIG: {what: 'the file is too large for the file system', fix: 'write elsewhere with --out'},
  ENXIO: {what: 'it is a device or pipe with nothing on the other end', fix: 'give the path of a regular file'}
}

/** A sentence for a failure of the machine, or undefined when the error is not one. */
export function describeMachineFailure(error: unknown, doing: string, place?: string): string | undefined {
  const failure = error as (NodeJS.ErrnoException & {dest?: string}) | undefined
  const known = failure?.code ? KNOWN[failure.code] : undefined
  if (!known) return undefined
  // A rename onto a folder fails on the path it moves to (any other failure of a move or copy is its source's).
  const ontoFolder = failure?.dest !== undefined && failure.code === 'EISDIR'
  // A failed write names no path of its own: then the place it was writing to.
  const path = (ontoFolder ? failure?.dest : failure?.path) ?? place
  const where = path ? `${path}: ` : ''
  const fix = ontoFolder ? 'remove or rename that folder: briefdeck writes a file there' : known.fix
  return `${where}cannot ${doing}: ${known.what} (${failure?.code}). ${capitalize(fix)}`
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
