/**
 * marp-core and the parts of Marpit briefdeck uses itself (its theme reader,
 * its reading of directives), from one place: the bundle that `npm run build` writes (dist/vendor/marp-core.cjs:
 * one file instead of some hundred modules, whose math engines load when a
 * deck first has math), or the packages themselves when there is none (the
 * TypeScript sources before a build).
 */
import fs from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import type {Marp} from '@marp-team/marp-core'
import type {Theme} from '@marp-team/marpit'
import {PACKAGE_DIR} from '../package.js'

export interface MarpPackages {
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
  if (fs.existsSync(MARP_BUNDLE)) return (loaded = require(MARP_BUNDLE) as MarpPackages)
  const yaml = require('@marp-team/marpit/lib/markdown/directives/yaml.js') as {yaml: MarpPackages['marpitYaml']}
  loaded = {
    Marp: (require('@marp-team/marp-core') as typeof import('@marp-team/marp-core')).Marp,
    Theme: (require('@marp-team/marpit') as typeof import('@marp-team/marpit')).Theme,
    marpitYaml: yaml.yaml,
    marpitDirectives: require('@marp-team/marpit/lib/markdown/directives/directives.js') as MarpPackages['marpitDirectives']
  }
  return loaded
}
