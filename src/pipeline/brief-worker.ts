/**
 * The worker thread that renders briefs for a build, so that one brief that
 * takes too long can be stopped without stopping the build.
 */
import {parentPort, workerData} from 'node:worker_threads'
import {VFile} from 'vfile'
import type {ResolvedOptions} from '../options.js'
import {createAnalyzer} from '../preset.js'
import type {PageOptions} from './brief-pages.js'
import {createEnvironment} from './project.js'
import {renderBrief} from './render-brief.js'
import {toPlainMessages, type WorkerReply, type WorkerJob} from './brief-runner.js'

const {options, pages} = workerData as {options: ResolvedOptions; pages: PageOptions}
const env = createEnvironment(options)
const analyze = createAnalyzer(options)

// Load marp-core and pack the default theme now, which every first brief would otherwise pay for
// inside its own time limit. Loaded and ready: the time limit of a brief starts counting only now.
env.deck.warm()
parentPort?.postMessage({ready: true})

parentPort?.on('message', async (job: WorkerJob) => {
  const file = new VFile({path: job.path, value: job.value, cwd: job.cwd})
  let reply: WorkerReply
  try {
    const rendered = await renderBrief(file, env, analyze, {...pages, allowStyles: options.allowStyles, siteUrl: options.siteUrl || undefined})
    reply = {id: job.id, messages: toPlainMessages(file), rendered}
  } catch (error) {
    reply = {id: job.id, messages: toPlainMessages(file), crash: (error as Error)?.message ?? String(error)}
  }
  parentPort?.postMessage(reply)
})
