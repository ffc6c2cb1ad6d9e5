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
import {HANDOUT_LAYOUTS, PAPER_SIZES} from '../types.js'

export const USAGE = `Usage:
  briefdeck build [paths…] [--out DIR] [--strict] [--pdf]   build briefs (default: decks/) into out/
  briefdeck check [paths…] [--strict] [--render]            check briefs without writing anything

Options:
  --out DIR                 output folder (default: out)
  --strict                  treat warnings as errors
  --pdf                     also write deck.pdf and handout.pdf (needs Chromium or Chrome)
  --render                  render every slide in Chromium and report slides that overflow
  --handout-layout LAYOUT   article, notes or slides, for every brief (default: each brief's own)
  --paper SIZE              a4 or letter, for every brief (default: each brief's own)
  -h, --help                show this help
  --version                 show the version

A browser is found through CHROME_PATH, then chromium, chromium-browser or google-chrome on PATH.

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
        pdf: {type: 'boolean', default: false},
        render: {type: 'boolean', default: false},
        'handout-layout': {type: 'string'},
        paper: {type: 'string'},
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
  if (command === 'check' && values.pdf) throw new UsageError('`check` writes nothing, so it takes no --pdf: use `briefdeck build --pdf`')
  const handoutLayout = choice('--handout-layout', values['handout-layout'], HANDOUT_LAYOUTS)
  const paper = choice('--paper', values.paper, PAPER_SIZES)
  const result = await build({
    pdf: values.pdf,
    render: values.render,
    handoutLayout,
    paper,
    paths: paths.length > 0 ? paths : undefined,
    root: io.cwd,
    outDir: values.out,
    strict: values.strict,
    write: command === 'build'
  })
  report(result, command, io)
  return result.errors > 0 ? EXIT.content : EXIT.ok
}

function choice<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new UsageError(`${flag} ${value} is not one of ${allowed.join(', ')}`)
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
