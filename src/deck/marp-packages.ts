/**
 * marp-core and the parts of Marpit briefdeck uses itself (its theme reader,
 * its reading of directives), from one place: the bundle that `npm run build` writes (dist/vendor/marp-core.cjs:
 * one file instead of some hundred modules, whose math engines load when a
 * deck first has math), or the packages themselves when there is none (the
 * TypeScript sources before a build) or when the installed marp-core is not
 * the one it was made from.
 */
import fs from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import type {Marp} from '@marp-team/marp-core'
import type {Theme} from '@marp-team/marpit'
import {PACKAGE_DIR} from '../package.js'

export interface MarpPackages {
  /** marp-core's version. */
  version: string
  Marp: typeof Marp
  /** Marpit's theme reader. */
  Theme: typeof Theme
  /** Marpit's own reading of a comment as YAML (loose, as marp-core reads it). */
  marpitYaml: (text: string, loose: boolean) => unknown
  /** Marpit's directives, by kind. */
  marpitDirectives: {globals: object; locals: object}
}

/** The bundle's file, in the package as built. */
export const MARP_BUNDLE = path.join(PACKAGE_DIR, 'dist', 'vendor', 'marp-core.cjs')

const require = createRequire(import.meta.url)
let loaded: MarpPackages | undefined

/** Load marp-core (on first call: some 0.1 s from the bundle, 0.3 s from the packages). */
export function marpPackages(): MarpPackages {
  if (loaded) return loaded
  const installed = (require('@marp-team/marp-core/package.json') as {version: string}).version
  if (fs.existsSync(MARP_BUNDLE)) {
    const bundle = require(MARP_BUNDLE) as MarpPackages
    // The math engines and highlight.js load from the installed marp-core's folder: only beside the version bundled.
    if (bundle.version === installed) return (loaded = bundle)
  }
  const yaml = require('@marp-team/marpit/lib/markdown/directives/yaml.js') as {yaml: MarpPackages['marpitYaml']}
  loaded = {
    version: installed,
    Marp: (require('@marp-team/marp-core') as typeof import('@marp-team/marp-core')).Marp,
    Theme: (require('@marp-team/marpit') as typeof import('@marp-team/marpit')).Theme,
    marpitYaml: yaml.yaml,
    marpitDirectives: require('@marp-team/marpit/lib/markdown/directives/directives.js') as MarpPackages['marpitDirectives']
  }
  return loaded
}
