/**
 * Typed errors for problems that are not about a brief's content, with the
 * exit code each maps to. Problems in a brief are vfile messages instead.
 */
export const EXIT = {ok: 0, content: 1, usage: 2} as const

/** Something wrong with how briefdeck was called or set up: exit code 2. */
export class BriefdeckError extends Error {
  readonly exitCode: number = EXIT.usage
  constructor(message: string) {
    super(message)
    this.name = new.target.name
  }
}

/** Bad command-line arguments. */
export class UsageError extends BriefdeckError {}

/** A broken theme, template or configuration. */
export class ConfigError extends BriefdeckError {}

/** Something missing from the machine, such as a browser for PDF export. */
export class EnvironmentError extends BriefdeckError {}
