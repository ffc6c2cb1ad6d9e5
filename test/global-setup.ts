/**
 * Build dist/ before the tests, as `npm run build` does (tsc, then the
 * bundles): the CLI bin, the per-brief worker thread and the Eleventy example
 * run the compiled code, which must match the sources.
 */
import {execFileSync} from 'node:child_process'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

export default function setup(): void {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  execFileSync(process.execPath, [path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(repo, 'tsconfig.build.json')], {stdio: 'inherit'})
  // Then the bundles (the bin and the worker the runner starts), as `npm run build` makes them.
  execFileSync(process.execPath, [path.join(repo, 'scripts', 'bundle.mjs')], {stdio: 'inherit'})
}
