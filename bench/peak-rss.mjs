/**
 * Loaded with `node --import` by the bench: at exit, writes the process's peak
 * resident memory (KiB, main thread and worker threads together) to
 * $BENCH_RSS_FILE.
 */
import fs from 'node:fs'

const file = process.env.BENCH_RSS_FILE
if (file) process.on('exit', () => fs.writeFileSync(file, String(process.resourceUsage().maxRSS)))
