/**
 * Every rule briefdeck reports, as data: its default severity, whether a
 * project may change it, a one-line description and where the docs explain it.
 * `rules: {'unused-source': 'off'}` in the options changes a severity, as in
 * remark-lint. docs/authoring.md lists this table (a test keeps them in step).
 */

export type Severity = 'error' | 'warn'
export type SeveritySetting = Severity | 'off'
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warn', 'off']

export interface Rule {
  /** Severity when the options say nothing. */
  severity: Severity
  /**
   * Whether a project may change the severity (default: `true`). Rules that
   * keep the build and its readers safe, or that no output can survive, are fixed.
   */
  configurable?: false
  /** One line: when the rule fires. */
  description: string
}

/** Where the docs explain the rules; each rule has the anchor `rule-<id>`. */
export const RULES_DOCS = 'docs/authoring.md'

export const RULES = {
  // Citations, credits and annotations
  'unknown-source': {severity: 'error', description: '`:cite` or `source=` names a key that no bibliography file or `::source` defines'},
  'unknown-credit': {severity: 'error', description: '`credit=` names a key no `::credit` defines'},
  'duplicate-key': {severity: 'error', description: 'two sources (in bibliography files or `::source`) or two credits share a key'},
  // Bibliographies and citation styles
  'bibliography-missing': {severity: 'error', description: 'a `bibliography` file that does not exist or cannot be read'},
  'bibliography-outside-project': {severity: 'error', configurable: false, description: 'a `bibliography` or `citationStyle` path that is absolute or leaves the project'},
  'bibliography-invalid': {severity: 'error', description: 'a bibliography file that does not parse (reported in that file, at line:column)'},
  'bibliography-entry-incomplete': {severity: 'warn', description: 'a bibliography entry with no title, no date, or (RIS) no key'},
  'unknown-citation-style': {severity: 'error', description: 'a `citationStyle` that is neither a shipped style nor a `.csl` file'},
  'invalid-csl': {severity: 'error', description: 'a `.csl` file that is not a valid independent CSL style'},
  'ambiguous-locator': {severity: 'warn', description: '`loc=` on a citation of several sources (write each locator after its key)'},
  'unknown-locator': {severity: 'warn', description: 'a citation locator whose label (`p.`, `chap.` …) is not one CSL knows'},
  'missing-locale': {severity: 'warn', description: 'no CSL locale for the brief’s `lang`: terms in citations fall back to another language'},
  // Languages
  'unsupported-language': {severity: 'warn', description: 'a `lang` briefdeck has no wording for: what briefdeck writes stays in English'},
  'missing-translation': {severity: 'warn', description: 'wording for the brief’s `lang` (from `labels`) that lacks some messages: those stay in English'},
  // Profiles
  'embargoed': {severity: 'error', configurable: false, description: 'a brief whose `embargo` is still to come, in a public build (`--ignore-embargo` previews it)'},
  'notes-handout-not-public': {severity: 'warn', description: 'a brief whose handout is the notes layout, in a public build: that handout is made of speaker notes and is not written'},
  'unused-source': {severity: 'warn', description: 'a source that is never cited'},
  'quote-unattributed': {severity: 'warn', description: 'a quote with neither `by` nor `source`'},
  'unknown-annotation': {severity: 'error', description: '`::name` or `:::name` that is not an annotation'},
  'wrong-annotation-form': {severity: 'error', description: '`::quote` instead of `:::quote`, and the like'},
  'unknown-attribute': {severity: 'error', description: 'an attribute the annotation does not take (or an unquoted value with a space)'},
  'missing-attribute': {severity: 'error', description: 'a required attribute that is missing or empty'},
  'invalid-attribute': {severity: 'error', description: 'an attribute value that is not one of the allowed ones'},
  'invalid-url': {severity: 'error', description: 'a `url` that is not an http or https address'},
  'invalid-date': {severity: 'error', description: 'a date that is not a real YYYY-MM-DD day'},
  'invalid-license': {severity: 'error', description: 'a licence that is not an SPDX id, `public-domain` or `all-rights-reserved`'},
  // Annotation syntax
  'unclosed-container': {severity: 'error', description: 'a `:::` container that is never closed'},
  'stray-fence': {severity: 'error', description: 'a `:::` line that closes nothing'},
  'malformed-attributes': {severity: 'error', description: 'an attribute block that could not be read (an unclosed quote, say)'},
  'duplicate-attribute': {severity: 'error', configurable: false, description: 'an attribute written twice on one annotation'},
  'attribute-control-character': {severity: 'error', configurable: false, description: 'a line break or other control character in an attribute (attributes are one line)'},
  'hidden-character': {severity: 'error', configurable: false, description: 'an invisible or bidi-control character in a key, an address or an attribute'},
  // Images
  'missing-alt': {severity: 'error', description: 'a figure or Markdown image without alt text'},
  'missing-image': {severity: 'error', description: 'a local image that does not exist'},
  'missing-credit': {severity: 'warn', description: 'an image with no credit'},
  'credit-missing-license': {severity: 'warn', description: 'a credit with no licence'},
  'credit-missing-author': {severity: 'warn', description: 'a credit with no author'},
  'insecure-image': {severity: 'warn', description: 'an image over http, which the pages’ security policy will not load'},
  'invalid-src': {severity: 'error', configurable: false, description: 'an image address with a scheme that is not allowed (`file:`, `javascript:` …)'},
  'image-outside-project': {severity: 'error', configurable: false, description: 'an image path that is absolute or leaves the project'},
  'image-hidden-path': {severity: 'error', configurable: false, description: 'an image that is a dot-file or inside a dot-folder (`.git/`, `.env` …)'},
  'not-an-image': {severity: 'error', configurable: false, description: 'a local image whose content is not PNG, JPEG, GIF, WebP, AVIF or SVG, or does not match its extension'},
  'svg-sanitized': {severity: 'warn', description: 'script, event handlers or external references removed from an SVG image'},
  'invalid-svg': {severity: 'error', configurable: false, description: 'an SVG image that is not well-formed XML with an `<svg>` root'},
  // Front matter
  'missing-title': {severity: 'error', description: 'no front matter, or no `title` in it'},
  'frontmatter-yaml': {severity: 'error', configurable: false, description: 'front matter that is not valid YAML'},
  'frontmatter-invalid': {severity: 'error', description: 'a front matter value of the wrong kind'},
  'frontmatter-unknown-key': {severity: 'warn', description: 'an unknown front matter key'},
  'invalid-lang': {severity: 'error', description: 'a `lang` that is not a BCP 47 language tag'},
  'unknown-theme': {severity: 'error', description: 'a `theme` that does not exist'},
  // Safety and limits
  'unsafe-url': {severity: 'error', configurable: false, description: 'a link whose scheme is not http, https or mailto, or that starts with `//`'},
  'unsafe-math': {severity: 'error', configurable: false, description: 'a math macro that could make a link, load a resource or define macros (`\\href`, `\\style` …)'},
  'deck-style': {severity: 'error', configurable: false, description: 'the finished deck would carry a style or directive the brief did not write openly (a safety check on what Marp reads)'},
  'style-removed': {severity: 'warn', description: 'a `<style>` block or Marp `style:` directive, removed (see `allowStyles`)'},
  'remote-css': {severity: 'error', configurable: false, description: 'with `allowStyles`: a style that uses `@import` or a `url()` other than `data:`'},
  'brief-too-large': {severity: 'error', configurable: false, description: 'a brief over 128 KiB'},
  'too-deeply-nested': {severity: 'error', configurable: false, description: 'nesting deeper than 100 levels'},
  'too-many-markers': {severity: 'error', configurable: false, description: 'over 2,000 `*` and `_` markers in one paragraph, or 20,000 in the brief'},
  'brief-timeout': {severity: 'error', configurable: false, description: 'a brief that took longer than the time limit to build'},
  'brief-out-of-memory': {severity: 'error', configurable: false, description: 'a brief whose build needed more memory than a brief may use'},
  'too-many-elements': {severity: 'error', configurable: false, description: 'over 15,000 elements (paragraphs, links, citations …), 1,000 block quotes or 10,000 `[` in one brief'},
  'too-many-slides': {severity: 'error', configurable: false, description: 'over 1,000 slide breaks in one brief'},
  'too-much-math': {severity: 'error', configurable: false, description: 'over 10,000 characters of math in one brief'},
  'image-too-large': {severity: 'error', configurable: false, description: 'an SVG image over 256 KiB, or over 512 KiB of SVG in one brief'},
  'build-time-exhausted': {severity: 'error', configurable: false, description: 'a brief not built because briefs that timed out used up the build’s time budget'},
  // The build
  'read-error': {severity: 'error', configurable: false, description: 'a brief that cannot be read (the CLI reports this as a failure of the machine, exit code 2)'},
  'brief-outside-project': {severity: 'error', configurable: false, description: 'a brief that is, or is inside, a symbolic link leading outside the project'},
  'slug-collision': {severity: 'error', configurable: false, description: 'two briefs that would write to the same `out/<slug>/`'},
  'internal-error': {severity: 'error', configurable: false, description: 'briefdeck itself failed on this brief (please report it)'},
  'slide-overflow': {severity: 'warn', description: 'with `--render`: a slide whose content overflows the slide box'},
  'remote-resource-failed': {severity: 'warn', description: 'with `--pdf`: a remote image that did not load within 5 seconds'}
} as const satisfies Record<string, Rule>

export type RuleId = keyof typeof RULES

export const RULE_IDS = Object.keys(RULES) as RuleId[]

/** Severity overrides, as given in the options. */
export type RuleSettings = Partial<Record<RuleId, SeveritySetting>>

export function isRuleId(value: string): value is RuleId {
  return Object.hasOwn(RULES, value)
}

/** The docs link of a rule. */
export function ruleUrl(id: RuleId): string {
  return `${RULES_DOCS}#rule-${id}`
}

/** The severity a rule has under the given settings. */
export function severityOf(id: RuleId, settings: RuleSettings | undefined): SeveritySetting {
  const rule: Rule = RULES[id]
  if (rule.configurable === false) return rule.severity
  return settings?.[id] ?? rule.severity
}
