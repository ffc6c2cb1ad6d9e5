/**
 * Which citation style a brief uses: its `citationStyle:`, else the
 * project's, else the house style. A name is a shipped style; a `.csl` path
 * is a file inside the project, checked before citeproc sees it.
 */
import fs from 'node:fs'
import path from 'node:path'
import type {VFile} from 'vfile'
import {didYouMean, quoted, report} from '../messages.js'
import {isInside, realPath} from '../paths.js'
import type {BriefData} from '../types.js'
import {styleProblem} from './format.js'
import {describeStyle, HOUSE_STYLE, localeFor, shippedStyle, shippedStyles, STYLE_ALIASES, type CslStyle} from './styles.js'

export interface StyleChoice {
  style: CslStyle
  locale: string
}

/** The brief's CSL style and locale, or undefined for the house style (also when the style named cannot be used: that is an error). */
export function resolveStyle(file: VFile, data: BriefData, options: {root: string; citationStyle: string}): StyleChoice | undefined {
  const written = data.meta.citations.style
  const value = written?.value ?? options.citationStyle
  const place = written?.position ?? {line: 1, column: 1}
  if (value === HOUSE_STYLE) return undefined
  let style: CslStyle | undefined
  if (value.toLowerCase().endsWith('.csl')) style = styleFile(file, value, written ? path.resolve(file.cwd, file.dirname ?? '.', value) : value, place, options.root, data)
  else {
    style = shippedStyle(value)
    if (!style) {
      const names = [HOUSE_STYLE, ...shippedStyles(), ...Object.keys(STYLE_ALIASES)]
      report(
        file,
        `Unknown citation style ${quoted(value)}.${didYouMean(value, names)} Use \`${HOUSE_STYLE}\` (the numbered house style), one of ${shippedStyles().map((name) => `\`${name}\``).join(', ')}, or the path of a \`.csl\` file`,
        place,
        'unknown-citation-style'
      )
      return undefined
    }
  }
  if (!style) return undefined
  const {locale, fallback} = localeFor(data.meta.lang)
  if (fallback) {
    report(
      file,
      `No citation locale for \`lang: ${data.meta.lang}\`, so the terms in citations (“edited by”, “accessed” …) are in US English: add \`locales-${data.meta.lang}.xml\` from github.com/citation-style-language/locales to briefdeck's csl/locales, or use a language it has`,
      {line: 1, column: 1},
      'missing-locale'
    )
  }
  return {style, locale}
}

function styleFile(file: VFile, written: string, absolute: string, place: NonNullable<Parameters<typeof report>[2]>, root: string, data: BriefData): CslStyle | undefined {
  if (written.includes('\0') || (written === absolute ? false : path.isAbsolute(written))) {
    report(file, `The citation style ${quoted(written)} is not a relative path: write a path relative to the brief, inside the project, e.g. \`styles/house.csl\``, place, 'bibliography-outside-project')
    return undefined
  }
  const real = realPath(absolute)
  const shown = path.relative(root, absolute).split(path.sep).join('/')
  if (!isInside(realPath(root), real)) {
    report(file, `The citation style ${quoted(written)} is outside the project: copy the \`.csl\` file into the project folder`, place, 'bibliography-outside-project')
    return undefined
  }
  let xml: string
  try {
    xml = fs.readFileSync(real, 'utf8')
  } catch {
    report(file, `The citation style ${quoted(written)} does not exist (looked for ${quoted(shown)}): check the path, or use a shipped style such as \`chicago-notes-bibliography\``, place, 'unknown-citation-style')
    return undefined
  }
  data.dependencies.push(real)
  const described = describeStyle(xml)
  const style = typeof described === 'string' ? undefined : {name: shown, xml, ...described}
  const problem = typeof described === 'string' ? described : styleProblem(style as CslStyle)
  if (problem || !style) {
    report(file, `The citation style ${quoted(shown)} cannot be used: ${problem}. Download the style again from the Zotero Style Repository, or validate it at validator.citationstyles.org`, place, 'invalid-csl')
    return undefined
  }
  return style
}
