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
  /** Folder with `deck.hbs`, `handout.hbs`, `index.hbs` and `partials/` (default: the package's own). */
  dir: string
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
  const partials = path.join(options.dir, 'partials')
  if (fs.existsSync(partials)) {
    for (const name of fs.readdirSync(partials).filter((file) => file.endsWith('.hbs'))) {
      handlebars.registerPartial(path.basename(name, '.hbs'), fs.readFileSync(path.join(partials, name), 'utf8'))
    }
  }
  const compile = (page: string): PageTemplate => {
    const file = path.join(options.dir, `${page}.hbs`)
    if (!fs.existsSync(file)) throw new ConfigError(`Template ${file} is missing: restore it, or point the templates folder at one that has ${PAGES.map((p) => `${p}.hbs`).join(', ')}`)
    const template = handlebars.compile(fs.readFileSync(file, 'utf8'))
    return (context) => template(context)
  }
  const assets = new Map<string, string>()
  return {
    deck: compile('deck'),
    handout: {article: compile('handout-article'), notes: compile('handout-notes'), slides: compile('handout-slides')},
    index: compile('index'),
    asset(name) {
      if (!assets.has(name)) assets.set(name, fs.readFileSync(path.join(options.dir, 'assets', name), 'utf8'))
      return assets.get(name) as string
    }
  }
}
