/**
 * Command-line arguments, merged with the config file: flag, then config
 * file, then default.
 */
import {parseArgs} from 'node:util'
import type {BuildOptions} from '../pipeline/build.js'
import {validateOptions, type Options} from '../options.js'
import {UsageError} from '../errors.js'
import {didYouMean} from '../messages.js'
import {HANDOUT_LAYOUTS, PAPER_SIZES, PROFILES} from '../types.js'
import {USAGE} from './usage.js'

export const COMMANDS = ['build', 'check', 'new', 'serve'] as const
export type Command = (typeof COMMANDS)[number]

export interface ParsedArgs {
  command?: Command
  positionals: string[]
  values: {
    out?: string
    strict: boolean
    pdf: boolean
    render: boolean
    force: boolean
    'handout-layout'?: string
    paper?: string
    profile?: string
    'ignore-embargo': boolean
    port?: string
    help: boolean
    version: boolean
  }
}

const FLAGS = {
  out: {type: 'string'},
  strict: {type: 'boolean', default: false},
  pdf: {type: 'boolean', default: false},
  render: {type: 'boolean', default: false},
  force: {type: 'boolean', default: false},
  'handout-layout': {type: 'string'},
  paper: {type: 'string'},
  profile: {type: 'string'},
  'ignore-embargo': {type: 'boolean', default: false},
  port: {type: 'string'},
  help: {type: 'boolean', short: 'h', default: false},
  version: {type: 'boolean', default: false}
} as const

export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: FLAGS
    })
  } catch (error) {
    const message = (error as Error).message
    const unknown = /^Unknown option '--?([^']+)'/.exec(message)?.[1]
    const hint = unknown ? didYouMean(unknown, Object.keys(FLAGS)).replace(/`([^`]+)`/, '`--$1`') : ''
    throw new UsageError(`${message.split('. ')[0]}.${hint}\n\n${USAGE}`)
  }
  const [command, ...positionals] = parsed.positionals
  if (command !== undefined && !(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command \`${command}\`\n\n${USAGE}`)
  }
  return {command: command as Command | undefined, positionals, values: parsed.values}
}

/** Build options: flags over the config file over defaults, resolved once. */
export function buildOptions(args: ParsedArgs, config: Options, root: string): BuildOptions {
  const {values, positionals, command} = args
  if (command === 'check' && values.out !== undefined) throw new UsageError('`check` writes nothing, so it takes no --out')
  if (command === 'check' && values.pdf) throw new UsageError('`check` writes nothing, so it takes no --pdf: use `briefdeck build --pdf`')
  // Each flag is the setting of the same name; checked like the config file, relative to where briefdeck runs.
  const flags: Options = {
    paths: positionals.length > 0 ? positionals : undefined,
    out: values.out,
    strict: values.strict ? true : undefined,
    handoutLayout: choice('--handout-layout', values['handout-layout'], HANDOUT_LAYOUTS),
    paper: choice('--paper', values.paper, PAPER_SIZES),
    profile: choice('--profile', values.profile, PROFILES),
    pdf: values.pdf ? true : undefined,
    ignoreEmbargo: values['ignore-embargo'] ? true : undefined
  }
  const fromFlags = validateOptions(flags, {where: 'the command line', base: root})
  return {
    ...config,
    ...fromFlags,
    root,
    write: command !== 'check',
    // `check` writes nothing, PDFs included, whatever the config file says.
    ...(command === 'check' ? {pdf: false} : {}),
    render: values.render,
    force: values.force
  }
}

export function choice<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new UsageError(`${flag} ${value} is not one of ${allowed.join(', ')}`)
}

export function portOf(value: string | undefined): number {
  if (value === undefined) return 4173
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${value} is not a port number (0 to 65535)`)
  return port
}

/** `BRIEFDECK_LOCK_TIMEOUT_MS`: how long a build waits for another build of the same output folder (default: the build's). */
export function lockTimeoutOf(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined
  const ms = Number(value)
  if (!Number.isFinite(ms) || ms < 0) throw new UsageError(`BRIEFDECK_LOCK_TIMEOUT_MS=${value} is not a number of milliseconds`)
  return ms
}
