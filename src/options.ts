/**
 * The one set of options, shared by every front end: the config file, the
 * command line, `serve`, the Eleventy plugin and the remark plugin. Each
 * setting has one name (the config file's), one default and one check here.
 */
import path from 'node:path'
import {ConfigError} from './errors.js'
import {didYouMean} from './messages.js'
import {isRuleId, RULE_IDS, RULES, SEVERITY_SETTINGS, type RuleSettings, type SeveritySetting} from './rules.js'
import {checkLabels, type Labels} from './i18n/labels.js'
import {HANDOUT_LAYOUTS, PAPER_SIZES, PROFILES, type HandoutLayout, type PaperSize, type Profile} from './types.js'

export interface Options {
  /** Briefs or folders of briefs (default: `['decks']`). */
  paths?: string[]
  /** Output folder (default: `'out'`). */
  out?: string
  /** Project root: briefs may read only inside it (default: the current directory). */
  root?: string
  /** Deck theme for briefs that name none (default: `'briefing'`). */
  theme?: string
  /** Folder of the project's themes, over briefdeck's (default: `'themes'`). */
  themes?: string
  /** Folder of the project's templates and partials, over briefdeck's (default: `'templates'`). */
  templates?: string
  /** Handout layout for briefs that name none (default: `'article'`). */
  handoutLayout?: HandoutLayout
  /** Paper size for briefs that name none (default: `'a4'`). */
  paper?: PaperSize
  /** Treat warnings as errors (default: `false`). */
  strict?: boolean
  /** Keep `<style>` blocks and `style:` directives from briefs; remote URLs in them stay forbidden (default: `false`). */
  allowStyles?: boolean
  /** Severity of each rule, over its default: `{'unused-source': 'off'}` (default: `{}`). */
  rules?: RuleSettings
  /** Longest one brief may take to build, in milliseconds (default: `60000`). */
  timeout?: number
  /** Bibliography files every brief may cite from, the team's library (default: `[]`). */
  bibliography?: string[]
  /** Address the site is published at, e.g. `https://example.org/briefs`: "cite this brief" then gives each brief's URL (default: `''`, none). */
  siteUrl?: string
  /** Citation style for briefs that name none: `briefdeck` (the numbered house style), a shipped CSL style or a `.csl` file (default: `'briefdeck'`). */
  citationStyle?: string
  /** The team's wording over briefdeck's, for every language or per language: `{sources: 'References', de: {sources: 'Belege'}}` (default: `{}`). */
  labels?: Labels
  /** Who the outputs are for: `internal` keeps speaker notes and `:::internal` blocks; `public` writes neither, skips drafts and holds back briefs under embargo (default: `'internal'`). */
  profile?: Profile
  /** Write deck.pdf and handout.pdf in every build, with a system Chromium (default: `false`). */
  pdf?: boolean
  /** Publish briefs whose `embargo` is still to come, for a preview (default: `false`). */
  ignoreEmbargo?: boolean
}

/** Options with every default filled in and every path absolute. */
export type ResolvedOptions = Required<Options>

export const DEFAULTS = {
  paths: ['decks'],
  out: 'out',
  theme: 'briefing',
  themes: 'themes',
  templates: 'templates',
  handoutLayout: 'article',
  paper: 'a4',
  strict: false,
  allowStyles: false,
  rules: {},
  timeout: 60_000,
  bibliography: [],
  siteUrl: '',
  citationStyle: 'briefdeck',
  labels: {},
  profile: 'internal',
  pdf: false,
  ignoreEmbargo: false
} as const satisfies Omit<ResolvedOptions, 'root'>

/** How one option is checked: returns the value to keep, or an explanation of what is expected. */
export type Check = (value: unknown, base: string) => {value: unknown} | {expected: string}

const folder: Check = (value, base) =>
  typeof value === 'string' && value !== '' && !value.includes('\0') ? {value: path.resolve(base, value)} : {expected: 'a folder path, e.g. "public"'}
/** A yes/no setting. */
export const flag: Check = (value) => (typeof value === 'boolean' ? {value} : {expected: 'true or false'})
const oneOf =
  (allowed: readonly string[]): Check =>
  (value) =>
    typeof value === 'string' && allowed.includes(value)
      ? {value}
      : {expected: `one of ${allowed.join(', ')}${typeof value === 'string' ? `.${didYouMean(value, allowed)}` : ''}`}

/** The checks of the shared options. */
export const OPTION_CHECKS: Record<keyof Options, Check> = {
  paths: (value, base) =>
    Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item !== '' && !item.includes('\0'))
      ? {value: value.map((item: string) => path.resolve(base, item))}
      : {expected: 'a non-empty list of paths, e.g. ["decks"]'},
  out: folder,
  root: folder,
  theme: (value) => (typeof value === 'string' && /^[\w.-]+$/.test(value) ? {value} : {expected: 'a theme name, e.g. "briefing"'}),
  themes: folder,
  templates: folder,
  handoutLayout: oneOf(HANDOUT_LAYOUTS),
  paper: oneOf(PAPER_SIZES),
  strict: flag,
  allowStyles: flag,
  rules: checkRules,
  timeout: (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= 1000 && value <= 3_600_000
      ? {value}
      : {expected: 'a whole number of milliseconds from 1000 to 3600000, e.g. 60000'},
  bibliography: (value, base) => {
    const list = typeof value === 'string' ? [value] : value
    return Array.isArray(list) && list.every((item) => typeof item === 'string' && item !== '' && !item.includes('\0'))
      ? {value: list.map((item: string) => path.resolve(base, item))}
      : {expected: 'a bibliography file or a list of them, e.g. ["references/library.bib"]'}
  },
  siteUrl: (value) =>
    typeof value === 'string' && /^https?:\/\/[^\s/?#]+[^\s?#]*$/.test(value)
      ? {value: value.replace(/\/+$/, '')}
      : {expected: 'the http or https address the site is published at, e.g. "https://example.org/briefs"'},
  citationStyle: (value, base) =>
    typeof value === 'string' && value !== '' && !value.includes('\0')
      ? {value: value.toLowerCase().endsWith('.csl') ? path.resolve(base, value) : value}
      : {expected: 'a citation style: "briefdeck", a shipped style such as "chicago-notes-bibliography" or "apa", or a .csl file'},
  labels: (value) => {
    const checked = checkLabels(value)
    return 'expected' in checked ? checked : {value}
  },
  profile: oneOf(PROFILES),
  pdf: flag,
  ignoreEmbargo: flag
}

export const OPTION_NAMES = Object.keys(OPTION_CHECKS) as Array<keyof Options>

export interface ValidateOptions {
  /** Where the options come from, for messages: `briefdeck.config.js`, `the Eleventy plugin` … */
  where: string
  /** Folder that relative paths are relative to (default: the current directory). */
  base?: string
  /** Options of this front end only (the Eleventy plugin's `prefix`, say), checked the same way. */
  extra?: Record<string, Check>
}

/**
 * Check options from any front end: unknown names (with did-you-mean) and bad
 * values are `ConfigError`s that name the valid ones. Returns a new object with
 * paths made absolute; the given one is never changed.
 */
export function validateOptions<T extends Options = Options>(value: unknown, settings: ValidateOptions): T {
  const {where} = settings
  const base = settings.base ?? process.cwd()
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${where}: the options must be an object of settings, e.g. {out: 'public'}`)
  }
  const checks: Record<string, Check> = {...OPTION_CHECKS, ...settings.extra}
  const names = Object.keys(checks)
  const result: Record<string, unknown> = {}
  for (const [key, setting] of Object.entries(value as Record<string, unknown>)) {
    if (!Object.hasOwn(checks, key)) {
      throw new ConfigError(`${where}: unknown setting \`${key}\`.${didYouMean(key, names)} Valid settings: ${names.join(', ')}`)
    }
    if (setting === undefined) continue
    const checked = checks[key](setting, base)
    if ('expected' in checked) throw new ConfigError(`${where}: \`${key}\` must be ${checked.expected}`)
    result[key] = checked.value
  }
  return result as T
}

/** Fill in the defaults (relative to `root`). Give it options that went through `validateOptions`. */
export function resolveOptions(options: Options): ResolvedOptions {
  const root = path.resolve(options.root ?? process.cwd())
  return {
    root,
    paths: options.paths ?? DEFAULTS.paths.map((item) => path.resolve(root, item)),
    out: options.out ?? path.resolve(root, DEFAULTS.out),
    theme: options.theme ?? DEFAULTS.theme,
    themes: options.themes ?? path.resolve(root, DEFAULTS.themes),
    templates: options.templates ?? path.resolve(root, DEFAULTS.templates),
    handoutLayout: options.handoutLayout ?? DEFAULTS.handoutLayout,
    paper: options.paper ?? DEFAULTS.paper,
    strict: options.strict ?? DEFAULTS.strict,
    allowStyles: options.allowStyles ?? DEFAULTS.allowStyles,
    rules: {...options.rules},
    timeout: options.timeout ?? DEFAULTS.timeout,
    bibliography: options.bibliography ?? [],
    siteUrl: options.siteUrl ?? DEFAULTS.siteUrl,
    citationStyle: options.citationStyle ?? DEFAULTS.citationStyle,
    labels: options.labels ?? DEFAULTS.labels,
    profile: options.profile ?? DEFAULTS.profile,
    pdf: options.pdf ?? DEFAULTS.pdf,
    ignoreEmbargo: options.ignoreEmbargo ?? DEFAULTS.ignoreEmbargo
  }
}

function checkRules(value: unknown): {value: unknown} | {expected: string} {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {expected: "an object of rule ids and severities, e.g. {'unused-source': 'off'}"}
  }
  const rules: RuleSettings = {}
  for (const [id, severity] of Object.entries(value as Record<string, unknown>)) {
    if (!isRuleId(id)) {
      return {expected: `an object of rule ids and severities, and \`${id}\` is not a rule.${didYouMean(id, RULE_IDS)} The rules are listed in docs/authoring.md`}
    }
    if (typeof severity !== 'string' || !SEVERITY_SETTINGS.includes(severity as SeveritySetting)) {
      return {expected: `an object of rule ids and severities, and the severity of \`${id}\` must be one of ${SEVERITY_SETTINGS.join(', ')}`}
    }
    if ((RULES[id] as {configurable?: boolean}).configurable === false && severity !== RULES[id].severity) {
      return {expected: `an object of rule ids and severities, and \`${id}\` cannot be changed: it keeps the build or its readers safe`}
    }
    rules[id] = severity as SeveritySetting
  }
  return {value: rules}
}
