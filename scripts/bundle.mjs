#!/usr/bin/env node
/**
 * Part of `npm run build`, after tsc: the command line and its worker as two
 * bundles (esbuild), each one file that Node loads at once instead of some
 * hundreds of small modules. They replace tsc's dist/cli/bin.js and sit beside
 * it as dist/cli/brief-worker.js (the runner starts the worker file next to
 * itself). The library entry points (dist/index.js, remark, eleventy) stay as
 * tsc wrote them. Packages that are large and needed only sometimes stay
 * outside the bundles and load when needed: the browser driver, the PDF
 * editor, the DOM for the SVG sanitizer, and what the sources already load
 * with `require` (marp-core, citeproc, citation-js, postcss).
 */
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {build} from 'esbuild'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * fdir (tinyglobby's folder walker) loads picomatch from node_modules with
 * `require` when it loads, for its `.glob()`, which tinyglobby never calls:
 * a second copy of picomatch, resolved and compiled on every start (6 ms of
 * a 300 ms rebuild). The bundle leaves that `require` out; tinyglobby's own
 * picomatch is bundled. Should fdir change the lines, the bundle keeps them
 * as they are and says so.
 */
const fdirWithoutPicomatch = {
  name: 'fdir-without-picomatch',
  setup(build) {
    build.onLoad({filter: /[\\/]fdir[\\/]dist[\\/]index\.mjs$/}, (args) => {
      const source = fs.readFileSync(args.path, 'utf8')
      const optional = /__require\.resolve\("picomatch"\);\s*pm = __require\("picomatch"\);/
      if (!optional.test(source)) return {contents: source, loader: 'js', warnings: [{text: 'fdir no longer loads picomatch as expected: scripts/bundle.mjs left it as it is'}]}
      return {contents: source.replace(optional, ''), loader: 'js'}
    })
  }
}

// Chunks are named by their content: the last build's would otherwise stay beside the new ones.
fs.rmSync(path.join(REPO, 'dist', 'cli', 'chunks'), {recursive: true, force: true})

await build({
  absWorkingDir: REPO,
  entryPoints: {'cli/bin': 'src/cli/bin.ts', 'cli/brief-worker': 'src/pipeline/brief-worker.ts'},
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  // Dynamic imports become chunks of their own, loaded when needed; so do the packages only they import.
  splitting: true,
  chunkNames: 'cli/chunks/[name]-[hash]',
  external: ['playwright-core', 'pdf-lib', 'jsdom', 'chokidar', 'piscina', '@marp-team/*', 'citeproc', '@citation-js/*', 'postcss'],
  // No source maps: the package ships none (and points at none).
  sourcemap: false,
  legalComments: 'inline',
  logLevel: 'warning',
  plugins: [fdirWithoutPicomatch],
  // Code of CommonJS packages that the bundles take in calls `require`: give it Node's.
  banner: {js: "import {createRequire as __briefdeckCreateRequire} from 'node:module'; const require = __briefdeckCreateRequire(import.meta.url);"}
})

/**
 * marp-core requires its two math engines (MathJax, KaTeX) when it loads: a
 * third of its load time in a cold build, for decks that mostly have no math.
 * In the bundle each of their modules is a stand-in that requires the real
 * one (from marp-core's own folder) when marp-core first uses it. highlight.js
 * (1.7 MB, whose languages marp-core registers at the first code block that
 * names one) and KaTeX's version stay outside the bundle too and load from
 * there, so that each comes from the same installed package as its peers.
 * The bundle is used only beside the marp-core it was made from (its
 * version is in it; see src/deck/marp-packages.ts).
 */
const MATH = /^(?:mathjax-full\/|katex$)/
// highlight.js's core beside its languages, and KaTeX's version beside KaTeX: each from the same installed package.
const FROM_MARP_CORE = /^(?:highlight\.js\/lib\/|katex\/package\.json$)/
const marpCoreDependencies = {
  name: 'marp-core-dependencies',
  setup(build) {
    // `require` as marp-core's own module has it: its dependencies resolve from its folder, wherever npm put them.
    build.onResolve({filter: /^marp-core-require$/}, () => ({path: 'marp-core-require', namespace: 'marp-core-require'}))
    build.onLoad({filter: /.*/, namespace: 'marp-core-require'}, () => ({
      loader: 'js',
      contents: "module.exports = require('node:module').createRequire(require.resolve('@marp-team/marp-core'))"
    }))
    build.onResolve({filter: /^@marp-team\/marp-core$/}, (args) => (args.namespace === 'marp-core-require' ? {path: args.path, external: true} : undefined))
    build.onResolve({filter: MATH}, (args) => ({path: args.path, namespace: 'on-first-use'}))
    build.onResolve({filter: FROM_MARP_CORE}, (args) => ({path: args.path, namespace: 'from-marp-core'}))
    build.onLoad({filter: /.*/, namespace: 'on-first-use'}, (args) => ({
      loader: 'js',
      contents: `let loaded
const load = () => (loaded ??= require('marp-core-require')(${JSON.stringify(args.path)}))
module.exports = new Proxy({}, {
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(load(), key)
    return descriptor && {...descriptor, configurable: true}
  }
})`
    }))
    build.onLoad({filter: /.*/, namespace: 'from-marp-core'}, (args) => ({loader: 'js', contents: `module.exports = require('marp-core-require')(${JSON.stringify(args.path)})`}))
  }
}

await build({
  absWorkingDir: REPO,
  entryPoints: {'vendor/marp-core': 'scripts/vendor/marp-core.cjs'},
  outdir: 'dist',
  outExtension: {'.js': '.cjs'},
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20.19',
  // One copy of PostCSS: the one briefdeck's own modules load beside it.
  external: ['postcss'],
  sourcemap: false,
  legalComments: 'inline',
  logLevel: 'warning',
  plugins: [marpCoreDependencies]
})
