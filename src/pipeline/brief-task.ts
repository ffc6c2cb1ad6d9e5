/**
 * What a worker of the pool that renders briefs runs (see brief-runner.ts and
 * brief-worker.ts): one brief per task. It loads the pipeline when it starts, before any brief is
 * known, and keeps the page environment (themes packed, templates compiled,
 * citation engines) from one brief to the next.
 */
import {ConfigError} from '../errors.js'
import {describeMachineFailure} from './io-errors.js'
import type {MessagePort} from 'node:worker_threads'
import {VFile} from 'vfile'
import type {ResolvedOptions} from '../options.js'
import {createAnalyzer, type AnalyzedBrief} from '../preset.js'
import type {PageOptions} from './brief-pages.js'
import {createEnvironment, type Environment} from './project.js'
import {renderBrief} from './render-brief.js'
import {move, transferableSymbol, valueSymbol} from 'piscina'
import {STARTED, toPlainMessages, withPagesAsBytes, type WorkerReply, type WorkerJob} from './brief-messages.js'
import {cachedByContent, sanitizeSvgCached, SvgError, type SanitizedSvg} from '../resolve/svg.js'
import {requestSanitized} from './svg-requests.js'
import {marpPackages} from '../deck/marp-packages.js'

/** What every brief of one build shares. */
export interface WorkerSettings {
  options: ResolvedOptions
  pages: PageOptions
  /** See `RunnerOptions.incremental`. */
  incremental?: boolean
}

export interface WorkerTask {
  job: WorkerJob
  settings: WorkerSettings
  /** Told when the brief starts (its time limit counts from then), then asked to sanitize its SVG images. */
  port: MessagePort
  /** In a SharedArrayBuffer: [0] is set to 1 when the answer to an SVG request is on `port`; [`STARTED`] as the brief begins. */
  flag: Int32Array
}

// marp-core is most of what a first brief would load: load it now, while the main thread reads the config and finds the briefs.
marpPackages()

/** Where the brief being rendered (one at a time) has its SVG images sanitized: the main thread (see svg-requests.ts). */
let askMainThread: ((text: string) => SanitizedSvg) | undefined
/** An SVG image met before is not sent again: the main thread's answers are kept here too, by content. */
const sanitizeSvg = cachedByContent((text) => (askMainThread ?? sanitizeSvgCached)(text))

function asker(port: MessagePort, flag: Int32Array): (text: string) => SanitizedSvg {
  return (text) => {
    const answer = requestSanitized(port, flag, text)
    if (answer && 'sanitized' in answer) return answer.sanitized
    if (answer && 'invalid' in answer) throw new SvgError(answer.invalid)
    throw new Error(answer ? answer.failed : 'the main thread gave no answer to sanitize an SVG image')
  }
}

const environments = new Map<string, {env: Environment; analyze: (file: VFile) => AnalyzedBrief}>()

function environmentFor(settings: WorkerSettings) {
  const key = JSON.stringify(settings)
  let found = environments.get(key)
  if (!found) {
    const env = createEnvironment(settings.options)
    env.deck.warm()
    found = {env, analyze: createAnalyzer({...settings.options, sanitizeSvg, incremental: settings.incremental})}
    if (environments.size >= 4) environments.clear()
    environments.set(key, found)
  }
  return found
}

export default async function renderTask({job, settings, port, flag}: WorkerTask): Promise<WorkerReply> {
  let found: ReturnType<typeof environmentFor>
  try {
    found = environmentFor(settings)
  } catch (error) {
    port.close()
    if (error instanceof ConfigError) return {messages: [], configError: error.message}
    const failure = describeMachineFailure(error, 'read the themes and templates')
    if (failure) return {messages: [], environmentError: failure}
    throw error
  }
  const {env, analyze} = found
  // The brief's time limit counts from here, not from the worker's start or its first environment. The flag says so at
  // once, should the worker fail before the main thread reads the message.
  Atomics.store(flag, STARTED, 1)
  port.postMessage('started')
  askMainThread = asker(port, flag)
  const file = new VFile({path: job.path, value: job.value, cwd: job.cwd})
  const {options, pages} = settings
  try {
    const rendered = await renderBrief(file, env, analyze, {...pages, allowStyles: options.allowStyles, siteUrl: options.siteUrl || undefined})
    const {reply, buffers} = withPagesAsBytes({messages: toPlainMessages(file), rendered})
    return move({[transferableSymbol]: buffers, [valueSymbol]: reply}) as unknown as WorkerReply
  } catch (error) {
    // A template that fails on this brief (a word it asks for that does not exist) is the template's mistake.
    if (error instanceof ConfigError) return {messages: [], configError: error.message}
    // So is the machine's, when a template asset cannot be read (a folder named like it, no permission).
    const failure = describeMachineFailure(error, 'read a file the pages need')
    if (failure) return {messages: [], environmentError: failure}
    return {messages: toPlainMessages(file), crash: (error as Error)?.message ?? String(error)}
  } finally {
    askMainThread = undefined
    port.close()
  }
}
