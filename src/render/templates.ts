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
import {formatDate} from '../resolve/attribution.js'
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

export function loadTemplates(options: TemplateOptions): Templates {
  const handlebars = Handlebars.create()
  handlebars.registerHelper('join', (list: unknown, separator: unknown) =>
    Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : ''
  )
  handlebars.registerHelper('cssString', (value: unknown) => new handlebars.SafeString(cssString(typeof value === 'string' ? value : '')))
  handlebars.registerHelper('formatDate', (value: unknown) => (typeof value === 'string' ? formatDate(value) : ''))
  const dirs = [...new Set(options.dirs.map((dir) => path.resolve(dir)))].filter((dir) => fs.existsSync(dir))
  /** The file of that name in the last folder that has it. */
  const find = (relative: string): string | undefined =>
    [...dirs].reverse().map((dir) => path.join(dir, relative)).find((file) => fs.existsSync(file))
  for (const dir of dirs) {
    const partials = path.join(dir, 'partials')
    if (!fs.existsSync(partials)) continue
    for (const name of fs.readdirSync(partials).filter((file) => file.endsWith('.hbs'))) {
      handlebars.registerPartial(path.basename(name, '.hbs'), fs.readFileSync(path.join(partials, name), 'utf8'))
    }
  }
  const compile = (page: string): PageTemplate => {
    const file = find(`${page}.hbs`)
    if (!file) throw new ConfigError(`Template ${page}.hbs is missing from ${dirs.join(' and ')}: restore it, or add it to your templates folder`)
    const template = handlebars.compile(fs.readFileSync(file, 'utf8'))
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
        assets.set(name, fs.readFileSync(file, 'utf8'))
      }
      return assets.get(name) as string
    }
  }
}
