/**
 * Helpers for the tests that use briefdeck as a user gets it: a tarball made
 * by `npm pack` from a copy of this repository (its `prepare` script builds
 * dist/ there, so the tests' own dist/ is never touched), installed with npm
 * into fresh projects, and commands run with a clean environment (none of the
 * `npm test` process's npm variables or node_modules/.bin on PATH).
 */
import {execFile, execFileSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {REPO} from './helpers.js'

export interface Run {
  code: number
  stdout: string
  stderr: string
}

/** The environment a user's shell would have: no npm lifecycle variables, no repository bins on PATH. */
export function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|VITEST|NODE_OPTIONS$|NODE_ENV$|NODE$|INIT_CWD$|TEST$)/i.test(key)) continue
    env[key] = value
  }
  env.PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => !dir.includes(`node_modules${path.sep}.bin`))
    .join(path.delimiter)
  // Packages come from npm's cache when it has them (the registry is still asked for what it lacks).
  return {...env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extra}
}

/** Run a shell script with bash (errexit, pipefail), as a user would paste it. */
export function sh(script: string, cwd: string, env: NodeJS.ProcessEnv = userEnv()): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile('bash', ['-euo', 'pipefail', '-c', script], {cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 300_000}, (error, stdout, stderr) => {
      resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr})
    })
    // Nothing is typed: stdin is at its end at once, as for a command in a script.
    child.stdin?.end()
  })
}

/** The repository's files as a fresh clone has them (tracked, plus new files not ignored), copied to a temporary folder. */
export function copyRepository(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-clone-'))
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {cwd: REPO, encoding: 'utf8'})
    .split('\0')
    .filter(Boolean)
  for (const file of files) {
    const from = path.join(REPO, file)
    if (!fs.existsSync(from)) continue // deleted in the work tree
    fs.mkdirSync(path.dirname(path.join(dir, file)), {recursive: true})
    fs.copyFileSync(from, path.join(dir, file))
  }
  return dir
}

export interface Packed {
  tarball: string
  /** The files in it, as `npm pack --json` lists them. */
  files: string[]
}

/** `npm pack` a copy of the repository (with this repository's node_modules linked in, for its build). */
export async function pack(): Promise<Packed> {
  const copy = copyRepository()
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(copy, 'node_modules'), 'dir')
  const destination = fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-pack-'))
  const result = await sh(`npm pack --json --pack-destination ${JSON.stringify(destination)}`, copy)
  if (result.code !== 0) throw new Error(`npm pack failed:\n${result.stderr}`)
  const json = result.stdout.slice(result.stdout.indexOf('[\n'))
  const [info] = JSON.parse(json) as Array<{filename: string; files: Array<{path: string}>}>
  return {tarball: path.join(destination, info!.filename), files: info!.files.map((file) => file.path)}
}

/** A fresh npm project, as `npm init -y` makes it. */
export async function freshProject(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-user-'))
  const result = await sh('npm init -y', dir)
  if (result.code !== 0) throw new Error(`npm init failed:\n${result.stderr}`)
  return dir
}
