/**
 * The Handlebars environment: page templates and partials from `templates/`.
 * Output is escaped everywhere except the values a template marks `{{{…}}}`,
 * which only ever hold HTML we produced (sanitized or rendered by marp-core).
 * No template is ever compiled from brief content.
 */
import fs from 'node:fs'
import path from 'node:path'
import Handlebars from 'handlebars'
import {ConfigError} from '../errors.js'
import {readText} from '../read-text.js'
import {isMessageKey} from '../i18n/catalogues.js'
import {localizer, type Localizer} from '../i18n/localize.js'
import {HANDOUT_LAYOUTS, type HandoutLayout} from '../types.js'

/** A CSS string literal that cannot end the string or the `<style>` element. */
export function cssString(value: string): string {
  return `"${value.replace(/[\\"\n\r<>&]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`
}

export interface TemplateOptions {
  /**
   * Folders with page templates (`deck.hbs`, `handout-*.hbs`, `index.hbs`), `partials/` and `assets/`,
   * in order: a later folder's file of the same name wins (the package's first, then the project's).
   */
  dirs: string[]
}

export type PageTemplate = (context: object) => string

export interface Templates {
  deck: PageTemplate
  /** One template per handout layout. */
  handout: Record<HandoutLayout, PageTemplate>
  index: PageTemplate
  /** Static files from `templates/assets/`, such as the deck runtime. */
  asset(name: string): string
}

export const PAGES = ['deck', 'index', ...HANDOUT_LAYOUTS.map((layout) => `handout-${layout}`)] as const

/**
 * The template's text, once Handlebars has read it: compiling is lazy (on the
 * first page), so a mistake in it is found here instead, as one about the file.
 */
function checked(file: string, source: string): string {
  try {
    Handlebars.parse(source)
  } catch (error) {
    // "Parse error on line 2:", the line with a caret under it, "Expecting …": the first and the last.
    const lines = (error as Error).message.trim().split('\n')
    const reason = (lines.length > 2 ? `${lines[0]} ${lines.at(-1)}` : lines.join(' ')).replace(/\s+/g, ' ')
    throw new ConfigError(`${file}: not a valid Handlebars template (${reason}): fix it, or delete it to use briefdeck's own`)
  }
  return source
}

export function loadTemplates(options: TemplateOptions): Templates {
  const handlebars = Handlebars.create()
  handlebars.registerHelper('join', (list: unknown, separator: unknown) =>
    Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : ''
  )
  handlebars.registerHelper('cssString', (value: unknown) => new handlebars.SafeString(cssString(typeof value === 'string' ? value : '')))
  /** The page's words (`words` in the context), or a language's own dates and lists with `lang=`. */
  const wordsFor = (options: Handlebars.HelperOptions): Localizer => {
    const lang = options.hash?.lang
    if (typeof lang === 'string') return localizer(lang)
    const words = (options.data?.root as {words?: Localizer} | undefined)?.words
    return words ?? localizer('en')
  }
  handlebars.registerHelper('formatDate', (value: unknown, options: Handlebars.HelperOptions) => (typeof value === 'string' ? wordsFor(options).date(value) : ''))
  handlebars.registerHelper('list', (value: unknown, options: Handlebars.HelperOptions) =>
    Array.isArray(value) ? wordsFor(options).list(value.filter((item): item is string => typeof item === 'string')) : ''
  )
  // `{{t "sources"}}`, `{{t "slideLabel" number=3}}`: a message of the page's language, escaped like any value.
  handlebars.registerHelper('t', (key: unknown, options: Handlebars.HelperOptions) => {
    if (typeof key !== 'string' || !isMessageKey(key)) throw new ConfigError(`A template asks for the message ${JSON.stringify(key)}, which messages/en.json does not have: use one of its names`)
    const values = Object.fromEntries(Object.entries(options.hash ?? {}).filter(([, value]) => typeof value === 'string' || typeof value === 'number')) as Record<string, string | number>
    return wordsFor({...options, hash: {}}).text(key, values)
  })
  // `{{tHtml "noBriefs"}}`: a message with <code> in it, its text escaped.
  handlebars.registerHelper('tHtml', (key: unknown, options: Handlebars.HelperOptions) => {
    if (typeof key !== 'string' || !isMessageKey(key)) throw new ConfigError(`A template asks for the message ${JSON.stringify(key)}, which messages/en.json does not have: use one of its names`)
    const escape = handlebars.Utils.escapeExpression
    const code = (chunks: string[]) => `<code>${chunks.map(escape).join('')}</code>`
    const parts = wordsFor({...options, hash: {}}).parts<string>(key, {code: (chunks: string[]) => new handlebars.SafeString(code(chunks)) as unknown as string})
    return new handlebars.SafeString(parts.map((part) => (typeof part === 'string' ? escape(part) : String(part))).join(''))
  })
  // `{{pageCounter}}`: "Page n of m" as CSS `content`, with the page counters in place.
  handlebars.registerHelper('pageCounter', (options: Handlebars.HelperOptions) => {
    const text = wordsFor(options).text('pageOfPages', {page: '\u0001', pages: '\u0002'})
    const css = text
      .split(/(\u0001|\u0002)/)
      .filter((piece) => piece !== '')
      .map((piece) => (piece === '\u0001' ? 'counter(page)' : piece === '\u0002' ? 'counter(pages)' : cssString(piece)))
      .join(' ')
    return new handlebars.SafeString(css)
  })
  const dirs = [...new Set(options.dirs.map((dir) => path.resolve(dir)))].filter((dir) => fs.existsSync(dir))
  /** The file of that name in the last folder that has it. */
  const find = (relative: string): string | undefined =>
    [...dirs].reverse().map((dir) => path.join(dir, relative)).find((file) => fs.existsSync(file))
  for (const dir of dirs) {
    const partials = path.join(dir, 'partials')
    if (!fs.existsSync(partials)) continue
    for (const name of fs.readdirSync(partials).filter((file) => file.endsWith('.hbs'))) {
      const file = path.join(partials, name)
      handlebars.registerPartial(path.basename(name, '.hbs'), checked(file, readText(file)))
    }
  }
  const compile = (page: string): PageTemplate => {
    const file = find(`${page}.hbs`)
    if (!file) throw new ConfigError(`Template ${page}.hbs is missing from ${dirs.join(' and ')}: restore it, or add it to your templates folder`)
    const template = handlebars.compile(checked(file, readText(file)))
    return (context) => template(context)
  }
  const assets = new Map<string, string>()
  return {
    deck: compile('deck'),
    handout: {article: compile('handout-article'), notes: compile('handout-notes'), slides: compile('handout-slides')},
    index: compile('index'),
    asset(name) {
      if (!assets.has(name)) {
        const file = find(path.join('assets', name))
        if (!file) throw new ConfigError(`Template asset assets/${name} is missing from ${dirs.join(' and ')}: restore it`)
        assets.set(name, readText(file))
      }
      return assets.get(name) as string
    }
  }
}
