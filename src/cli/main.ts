/**
 * The command line: the only place that prints or decides the exit code.
 *   briefdeck build [paths…] [--out DIR] [--strict]
 *   briefdeck check [paths…] [--strict]
 * Exit codes: 0 ok, 1 errors in a brief, 2 usage or environment errors.
 */
import {parseArgs} from 'node:util'
import {reporter} from 'vfile-reporter'
import {build, type BuildResult} from '../build/build.js'
import {BriefdeckError, EXIT, UsageError} from '../errors.js'

export const USAGE = `Usage:
  briefdeck build [paths…] [--out DIR] [--strict]   build briefs (default: decks/) into out/
  briefdeck check [paths…] [--strict]               check briefs without writing anything

Options:
  --out DIR    output folder (default: out)
  --strict     treat warnings as errors
  -h, --help   show this help
  --version    show the version

Exit codes: 0 ok, 1 errors in a brief, 2 usage or environment errors.`

export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd: string
  /** Colour in reports (default: off). */
  color?: boolean
}

/** Run the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await run(argv, io)
  } catch (error) {
    if (error instanceof BriefdeckError) {
      io.stderr(`briefdeck: ${error.message}\n`)
      return error.exitCode
    }
    io.stderr(
      `briefdeck: unexpected failure (${(error as Error)?.message ?? String(error)}). This is a bug: please report it with the command you ran.\n`
    )
    return EXIT.usage
  }
}

async function run(argv: readonly string[], io: Io): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        out: {type: 'string'},
        strict: {type: 'boolean', default: false},
        help: {type: 'boolean', short: 'h', default: false},
        version: {type: 'boolean', default: false}
      }
    })
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`)
  }
  const {values, positionals} = parsed
  if (values.help) {
    io.stdout(`${USAGE}\n`)
    return EXIT.ok
  }
  if (values.version) {
    io.stdout(`${await version()}\n`)
    return EXIT.ok
  }
  const [command, ...paths] = positionals
  if (command !== 'build' && command !== 'check') {
    throw new UsageError(`${command ? `unknown command \`${command}\`` : 'no command given'}\n\n${USAGE}`)
  }
  if (command === 'check' && values.out !== undefined) throw new UsageError('`check` writes nothing, so it takes no --out')
  const result = await build({
    paths: paths.length > 0 ? paths : undefined,
    root: io.cwd,
    outDir: values.out,
    strict: values.strict,
    write: command === 'build'
  })
  report(result, command, io)
  return result.errors > 0 ? EXIT.content : EXIT.ok
}

function report(result: BuildResult, command: 'build' | 'check', io: Io): void {
  const withMessages = result.briefs.map((brief) => brief.file).filter((file) => file.messages.length > 0)
  if (withMessages.length > 0) io.stderr(`${reporter(withMessages, {color: io.color ?? false})}\n`)
  const ok = result.briefs.filter((brief) => brief.ok).length
  const failed = result.briefs.length - ok
  const verb = command === 'build' ? 'built' : 'checked'
  const parts = [
    `${ok} ${ok === 1 ? 'brief' : 'briefs'} ${verb}`,
    ...(failed > 0 ? [`${failed} failed`] : []),
    `${result.errors} ${result.errors === 1 ? 'error' : 'errors'}`,
    `${result.warnings} ${result.warnings === 1 ? 'warning' : 'warnings'}`
  ]
  const none = result.briefs.length === 0 ? ' (no briefs found: add Markdown files to decks/)' : ''
  io.stdout(`${parts.join(', ')} in ${(result.durationMs / 1000).toFixed(2)} s${none}\n`)
}

async function version(): Promise<string> {
  const {readFile} = await import('node:fs/promises')
  const {PACKAGE_DIR} = await import('../build/build.js')
  const pkg = JSON.parse(await readFile(`${PACKAGE_DIR}/package.json`, 'utf8')) as {version: string}
  return pkg.version
}
