/**
 * The entry of a worker thread that renders briefs: turns on Node's compile
 * cache first (Node 22 and later), so that the pipeline it then loads is read
 * from the cache rather than compiled again in every build.
 */
import {enableCompileCache} from '../compile-cache.js'

enableCompileCache()
const {default: renderTask} = await import('./brief-task.js')

export default renderTask
