/**
 * What crosses between the main thread and the workers that render briefs:
 * the job, the reply, and the brief's messages as plain objects.
 */
import type {Point, Position} from 'unist'
import {VFile} from 'vfile'
import type {RenderedBrief} from './render-brief.js'


/** The slot of a task's shared `flag` that the worker sets to 1 as it begins the brief (slot 0 is the SVG answers'). */
export const STARTED = 1

export interface WorkerJob {
  path: string
  value: string
  cwd: string
}

export interface PlainMessage {
  reason: string
  ruleId?: string
  source?: string
  place?: Point | Position
  fatal?: boolean | null
  url?: string
  /** The file the message is about, when it is not the brief (a bibliography file). */
  file?: string
}

export interface WorkerReply {
  messages: PlainMessage[]
  rendered?: RenderedBrief
  crash?: string
  /** The main thread did not let it start (the build's time budget for slow briefs is used up). */
  notStarted?: boolean
  /** A broken theme or template (a `ConfigError`'s message): no brief of the build can be rendered. */
  configError?: string
  /** The themes or templates could not be read (a full disk, no permission; the message names the path): no brief can be rendered. */
  environmentError?: string
}

/**
 * The reply with its pages as UTF-8 bytes whose buffers are moved to the main
 * thread (by brief-task.ts, with piscina's `move`): a brief's pages, some 150 kB, then never live as
 * strings on the main thread's heap, which only writes them to disk.
 */
export function withPagesAsBytes(reply: WorkerReply): {reply: WorkerReply; buffers: ArrayBuffer[]} {
  if (!reply.rendered) return {reply, buffers: []}
  const encoder = new TextEncoder()
  const files = reply.rendered.files.map(([name, content]): [string, Uint8Array] => [name, typeof content === 'string' ? encoder.encode(content) : content])
  return {reply: {...reply, rendered: {...reply.rendered, files}}, buffers: [...new Set(files.map(([, bytes]) => bytes.buffer as ArrayBuffer))]}
}

export function toPlainMessages(file: VFile): PlainMessage[] {
  return [file, ...(file.data.related ?? [])].flatMap((each) =>
    each.messages.map((message) => ({
      reason: message.reason,
      ruleId: message.ruleId ?? undefined,
      source: message.source ?? undefined,
      place: message.place ?? undefined,
      fatal: message.fatal,
      url: message.url ?? undefined,
      file: each === file ? undefined : each.path
    }))
  )
}

/** Put plain messages back on the brief, and on related files for the ones about another file. */
export function addPlainMessages(file: VFile, messages: PlainMessage[]): void {
  for (const message of messages) {
    const target = message.file === undefined ? file : relatedFile(file, message.file)
    const added = target.message(message.reason, {place: message.place, ruleId: message.ruleId, source: message.source})
    added.fatal = message.fatal
    if (message.url) added.url = message.url
  }
}

/** The brief's related file with this path, made on first use. */
export function relatedFile(file: VFile, filePath: string): VFile {
  file.data.related ??= []
  let related = file.data.related.find((each) => each.path === filePath)
  if (!related) {
    related = new VFile({path: filePath, cwd: file.cwd})
    file.data.related.push(related)
  }
  return related
}
