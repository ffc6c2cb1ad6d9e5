/**
 * The fonts every page and PDF uses, bundled from Fontsource's OFL packages
 * and written once per output folder to `fonts/` (with their licences), so
 * that deck.html, handout.html and both PDFs look the same on every machine,
 * with no network: a serif for reading, a sans for headings and slides, and
 * Arabic. Their `@font-face` rules are built as a CSS tree (PostCSS).
 */
import fs from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import type Postcss from 'postcss'

const require = createRequire(import.meta.url)

/** The folder in `out/` the fonts are written to; no brief may use it as its slug. */
export const FONTS_DIR = 'fonts'

interface Family {
  /** The family name the CSS uses. */
  family: string
  /** The Fontsource package, and its file prefix. */
  package: string
  subsets: string[]
  faces: Array<{weight: number; style: 'normal' | 'italic'}>
}

const FAMILIES: Family[] = [
  {
    family: 'Source Serif 4',
    package: 'source-serif-4',
    subsets: ['latin', 'latin-ext'],
    faces: [
      {weight: 400, style: 'normal'},
      {weight: 400, style: 'italic'},
      {weight: 700, style: 'normal'}
    ]
  },
  {
    family: 'Source Sans 3',
    package: 'source-sans-3',
    subsets: ['latin', 'latin-ext'],
    faces: [
      {weight: 400, style: 'normal'},
      {weight: 400, style: 'italic'},
      {weight: 700, style: 'normal'}
    ]
  },
  {
    family: 'Noto Naskh Arabic',
    package: 'noto-naskh-arabic',
    subsets: ['arabic'],
    faces: [
      {weight: 400, style: 'normal'},
      {weight: 700, style: 'normal'}
    ]
  }
]

export interface FontFile {
  /** Absolute path in the package. */
  from: string
  /** Name in `fonts/`. */
  to: string
}

interface Face extends FontFile {
  family: string
  weight: number
  style: string
  unicodeRange: string
}

let cached: Face[] | undefined

function faces(): Face[] {
  if (cached) return cached
  cached = FAMILIES.flatMap((family) => {
    const folder = path.dirname(require.resolve(`@fontsource/${family.package}/package.json`))
    const ranges = JSON.parse(fs.readFileSync(path.join(folder, 'unicode.json'), 'utf8')) as Record<string, string>
    return family.subsets.flatMap((subset) =>
      family.faces.map((face) => {
        const name = `${family.package}-${subset}-${face.weight}-${face.style}.woff2`
        return {family: family.family, weight: face.weight, style: face.style, unicodeRange: ranges[subset] ?? '', from: path.join(folder, 'files', name), to: name}
      })
    )
  })
  return cached
}

/** The font files and the licence of each family, to write to `fonts/`. */
export function fontFiles(): FontFile[] {
  const licences = FAMILIES.map((family) => ({
    from: path.join(path.dirname(require.resolve(`@fontsource/${family.package}/package.json`)), 'LICENSE'),
    to: `${family.package}-OFL.txt`
  }))
  return [...faces().map(({from, to}) => ({from, to})), ...licences]
}

/** `@font-face` rules for the bundled fonts, their files at `base` (`../fonts/` from a brief's pages). */
export function fontFaceCss(base: string): string {
  // Loaded on first use: a build that only checks never needs it.
  const postcss = require('postcss') as typeof Postcss
  const root = postcss.root()
  for (const face of faces()) {
    const rule = postcss.atRule({name: 'font-face'})
    rule.append(
      postcss.decl({prop: 'font-family', value: `'${face.family}'`}),
      postcss.decl({prop: 'src', value: `url('${base}${face.to}') format('woff2')`}),
      postcss.decl({prop: 'font-weight', value: String(face.weight)}),
      postcss.decl({prop: 'font-style', value: face.style}),
      postcss.decl({prop: 'font-display', value: 'block'}),
      postcss.decl({prop: 'unicode-range', value: face.unicodeRange})
    )
    root.append(rule)
  }
  return root.toString()
}

/** Write the fonts into a folder (`out/fonts/`), skipping files that are already there and the same size. */
export function writeFonts(folder: string, copy: (from: string, to: string) => void): void {
  for (const file of fontFiles()) {
    const target = path.join(folder, file.to)
    try {
      if (fs.statSync(target).size === fs.statSync(file.from).size) continue
    } catch {
      // Not there yet.
    }
    copy(file.from, target)
  }
}
