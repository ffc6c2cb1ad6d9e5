/**
 * The command line: the only place that prints or decides the exit code.
 * Exit codes: 0 ok, 1 errors in a brief, 2 usage or environment errors.
 */
import path from 'node:path'
import {build} from '../pipeline/build.js'
import {packageVersion} from '../package.js'
import {loadConfig} from '../config/load.js'
import {BriefdeckError, EXIT, UsageError} from '../errors.js'
import {createBrief} from '../scaffold/new-brief.js'
import {buildOptions, lockTimeoutOf, parseCommandLine, portOf, type ParsedArgs} from './options.js'
import {progress, reportFiles, summary, type Io} from './report.js'
import {USAGE} from './usage.js'

export {USAGE} from './usage.js'
export type {Io} from './report.js'

/** Run the CLI; resolves to the exit code (for `serve`, once the server stops). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await run(parseCommandLine(argv), io)
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

async function run(args: ParsedArgs, io: Io): Promise<number> {
  const {values, command, positionals} = args
  if (values.help) {
    io.stdout(`${USAGE}\n`)
    return EXIT.ok
  }
  if (values.version) {
    io.stdout(`${packageVersion()}\n`)
    return EXIT.ok
  }
  if (!command) throw new UsageError(`no command given\n\n${USAGE}`)
  const {config} = await loadConfig(io.cwd)

  if (command === 'new') {
    if (positionals.length !== 1) throw new UsageError('`new` takes one name: briefdeck new <slug>')
    const dir = config.paths?.[0] && !config.paths[0].endsWith('.md') ? config.paths[0] : path.join(io.cwd, 'decks')
    const created = createBrief(positionals[0], {dir})
    io.stdout(`Wrote ${path.relative(io.cwd, created.brief)} and ${path.relative(io.cwd, created.image)}. Build it with: npx briefdeck build ${path.relative(io.cwd, created.brief)}\n`)
    return EXIT.ok
  }

  // Messages not tied to a brief (waiting for another build's lock, a journal set aside) go to stderr.
  const notices = {onNotice: (message: string) => io.stderr(`briefdeck: ${message}\n`), lockTimeout: lockTimeoutOf(process.env.BRIEFDECK_LOCK_TIMEOUT_MS)}
  const options = {...buildOptions(args, config, io.cwd), ...notices}
  if (command === 'serve') {
    const {serve} = await import('./serve.js')
    const reload = async () => ({...buildOptions(args, (await loadConfig(io.cwd)).config, io.cwd), ...notices})
    return serve({...options, port: portOf(values.port), reload}, io)
  }
  const result = await build({...options, onProgress: progress(io)})
  await reportFiles(result.briefs.map((brief) => brief.file), io)
  io.stdout(`${summary(result, command === 'build' ? 'built' : 'checked')}\n`)
  for (const failure of result.failures) io.stderr(`briefdeck: ${failure}\n`)
  if (result.failures.length > 0) return EXIT.usage
  return result.errors > 0 ? EXIT.content : EXIT.ok
}
