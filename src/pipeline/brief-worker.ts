/**
 * The worker thread that renders briefs for a build, so that one brief that
 * takes too long can be stopped without stopping the build.
 */
import {parentPort, workerData} from 'node:worker_threads'
import {VFile} from 'vfile'
import {createEnvironment, type EnvironmentOptions} from './project.js'
import {renderBrief, type RenderSettings} from './render-brief.js'
import {toPlainMessages, type WorkerReply, type WorkerJob} from './brief-runner.js'

const {environment, settings} = workerData as {environment: EnvironmentOptions; settings: RenderSettings}
const env = createEnvironment(environment)

// Loaded and ready: the time limit of a brief starts counting only now.
parentPort?.postMessage({ready: true})

parentPort?.on('message', async (job: WorkerJob) => {
  const file = new VFile({path: job.path, value: job.value, cwd: job.cwd})
  let reply: WorkerReply
  try {
    const rendered = await renderBrief(file, env, settings)
    reply = {id: job.id, messages: toPlainMessages(file), rendered}
  } catch (error) {
    reply = {id: job.id, messages: toPlainMessages(file), crash: (error as Error)?.message ?? String(error)}
  }
  parentPort?.postMessage(reply)
})
