/**
 * The sanitize schema for the handout: GitHub's, extended only for the
 * elements and classes we emit, with links limited to http, https and mailto.
 */
import {defaultSchema, type Options as Schema} from 'rehype-sanitize'

const base = defaultSchema.attributes ?? {}

export const handoutSchema: Schema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), 'figure', 'figcaption', 'cite', 'small', 'bdi', 'wbr'],
  strip: ['script', 'style'],
  // No prefixing: sanitizing stays idempotent, and the handout runs no script that clobbered names could fool.
  clobberPrefix: '',
  attributes: {
    ...base,
    a: [...(base.a ?? []).filter((name) => !Array.isArray(name) || name[0] !== 'className'), ['className', 'data-footnote-backref', 'url', 'backlink'], ['role', 'doc-noteref', 'doc-backlink']],
    div: [...(base.div ?? []), ['className', 'internal']],
    p: [...(base.p ?? []), ['className', 'internal-label']],
    figure: [['className', 'quote', 'figure']],
    section: ['dataFootnotes', ['className', 'footnotes', 'endnotes', 'credits', 'references'], 'ariaLabelledBy'],
    span: ['ariaHidden', ['className', 'visually-hidden', 'url-part', 'caption', 'credit', 'loc', 'attribution', 'source', 'citation', 'narrative', 'csl-left-margin', 'csl-right-inline', 'csl-indent', 'csl-block']],
    ul: [...(base.ul ?? []).filter((name) => !Array.isArray(name) || name[0] !== 'className'), ['className', 'contains-task-list', 'references', 'labelled']],
    sup: [['className', 'citation']],
    ol: [...(base.ol ?? []).filter((name) => !Array.isArray(name) || name[0] !== 'className'), ['className', 'contains-task-list', 'notes']]
  },
  protocols: {
    ...defaultSchema.protocols,
    href: ['http', 'https', 'mailto'],
    cite: ['http', 'https'],
    // data: only ever reaches an <img> (validated as raster images for the brief's own images): it cannot run there.
    src: ['http', 'https', 'data']
  }
}

/** The prefix of our own ids in the handout (`bd-note-1`), so they never meet an id from the brief. */
export const ID_PREFIX = 'bd-'
