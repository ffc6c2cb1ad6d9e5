/**
 * Reading a file the project supplies (a theme, a template, a partial), so that
 * a failure names the file: reading a folder fails with no path of its own.
 */
import fs from 'node:fs'

/** A file's text; a failure to read it carries the file's path for the message that reports it. */
export function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch (error) {
    const failure = error as NodeJS.ErrnoException
    if (failure.code && !failure.path) failure.path = file
    throw error
  }
}
