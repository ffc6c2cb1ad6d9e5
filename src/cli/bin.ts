#!/usr/bin/env node
import {enableCompileCache} from '../compile-cache.js'

// Before the command line loads: its modules then come from Node's compile cache (Node 22 and later).
enableCompileCache()
const {main} = await import('./main.js')

const code = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  color: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR,
  interactive: Boolean(process.stderr.isTTY) && !process.env.CI
})
process.exitCode = code
