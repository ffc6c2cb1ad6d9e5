/**
 * The brief model: our mdast node types (declared by module augmentation) and
 * the registries kept on the vfile.
 */
import type {BlockContent, Node, Parent, PhrasingContent} from 'mdast'
import type {Position} from 'unist'
import type {RuleSettings} from './rules.js'
import type {CslItem} from './bibliography/csl.js'
import type {StyleChoice} from './bibliography/resolve-style.js'
import type {VFile} from 'vfile'
import type {Localizer} from './i18n/localize.js'

/** A source: a bibliography entry or a `::source`, in the one registry. */
export interface SourceEntry {
  key: string
  /** The entry as CSL-JSON, what citation styles format. */
  item: CslItem
  /** The bibliography file that defines it (relative to the project); none for a `::source` in the brief. */
  file?: string
  /** Plain fields for the house style. */
  title: string
  author?: string
  publisher?: string
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  date?: string
  url?: string
  accessed?: string
  /** Endnote number, given in order of first citation (uncited sources follow). */
  number: number
  cited: boolean
  /** Occurrences of citations of this source that the handout shows, for backlinks. */
  handoutCitations: number[]
  position?: Position
}

/** A licence as written in a credit, resolved. */
export interface LicenseInfo {
  /** SPDX identifier, `public-domain` or `all-rights-reserved`. */
  id: string
  /** Human label, e.g. `CC BY 4.0`. */
  label: string
  /** Link to the deed or licence text, when there is one. */
  url?: string
}

/** A `::credit` definition (TASL: title, author, source, licence). */
export interface CreditEntry {
  key: string
  title?: string
  author?: string
  url?: string
  /** Where the work was found, e.g. `Flickr`. */
  via?: string
  /** Word used in the short credit line: Photo, Illustration, Map, Chart, Image. */
  kind: string
  license?: LicenseInfo
  /** The licence as written, even when it is not a valid one. */
  licenseText?: string
  /** `permission="…"`: the permission the rights holder gave, in its own words ("Used with permission of …"). */
  permission?: string
  position?: Position
}

export const HANDOUT_LAYOUTS = ['article', 'notes', 'slides'] as const
export type HandoutLayout = (typeof HANDOUT_LAYOUTS)[number]
export const PROFILES = ['internal', 'public'] as const
/** Who the outputs are for: the team (speaker notes, internal blocks) or the public (neither). */
export type Profile = (typeof PROFILES)[number]
export const PAPER_SIZES = ['a4', 'letter'] as const
export type PaperSize = (typeof PAPER_SIZES)[number]

/** The brief's front matter, validated and with defaults applied. */
export interface BriefMeta {
  title: string
  subtitle?: string
  authors: string[]
  organization?: string
  date?: string
  lang: string
  /** Where `lang` was written, for messages about the language. */
  langPosition?: Position
  theme: string
  paginate: boolean
  titleSlide: boolean
  /** Marp global directives passed through to the deck. */
  marp: Record<string, string | number | boolean | number[]>
  /** How the handout is laid out and printed. */
  handout: {layout: HandoutLayout; paper: PaperSize}
  /** `keywords:`, for the PDFs' metadata and the page's. */
  keywords: string[]
  /** `draft: true`: left out of public builds. */
  draft: boolean
  /** `embargo:`: the moment the brief may be published, as written (ISO 8601 with a time zone), and as a time. */
  embargo?: {text: string; time: number; position?: Position}
  /** The brief's version, for "cite this brief" (`version: 2`). */
  version?: string
  /** `bibliography`, `citationStyle` and `nocite`, with where each was written. */
  citations: CitationMeta
}

export interface CitationMeta {
  /** Bibliography files, relative to the brief. */
  bibliography: Array<{path: string; position?: Position}>
  /** The brief's `citationStyle`, when it names one (else the project's). */
  style?: {value: string; position?: Position}
  /** Keys listed though never cited, or `*` for every entry. */
  nocite: string[] | '*'
}

/** A local file the brief uses, copied next to its outputs. */
export interface Asset {
  /** Absolute path on disk. */
  from: string
  /** Path relative to `out/<slug>/`, with forward slashes. */
  to: string
  /** What to publish instead of the file's bytes: an SVG image, sanitized. */
  content?: string
}

/** Everything the annotations stage learns about a brief. */
export interface BriefData {
  meta: BriefMeta
  /** Who the outputs are for (see `Options.profile`). */
  profile: Profile
  sources: Map<string, SourceEntry>
  credits: Map<string, CreditEntry>
  assets: Asset[]
  /** Files outside the brief that its outputs depend on (bibliographies, a `.csl` style), as absolute paths. */
  dependencies: string[]
  /** The brief's CSL style and locale, when it uses one (else the house style). */
  citationStyle?: StyleChoice
  /** The words, dates and direction of the brief's language. */
  words: Localizer
  /** Set by resolve when the brief uses a CSL citation style: its bibliography and notes. */
  bibliography?: StyledBibliography
}

/** What a CSL style made of a brief's citations. */
export interface StyledBibliography {
  /** The style's name and class. */
  style: {name: string; title: string; class: 'in-text' | 'note'; format: string}
  /** The CSL locale used, e.g. `de-DE`. */
  locale: string
  /** Entries in the style's order, with their HTML as citeproc wrote it. */
  entries: Array<{key: string; html: string}>
  /** Whether entries carry a label column (`[1]`). */
  leftMargin: boolean
  /** Note styles: each note, in order, with its HTML and whether the handout shows it. */
  notes: Array<{number: number; html: string; inHandout: boolean; occurrence: number}>
}

/** One source in a citation, with its locator as written (`p. 22`). */
export interface CiteItem {
  key: string
  loc?: string
}

/** A citation as a citation style formatted it. */
export interface RenderedCitation {
  /** The citation's HTML as citeproc wrote it (in-text styles), or the note's text (note styles). */
  html: string
  /** The note number it refers to, in note styles. */
  note?: number
  /** Narrative citations: the author as the text says it ("Stroul"), before the citation. */
  lead?: string
}

/** `:cite[a, p. 4; b]`, `:cite[a]{loc="p. 4"}`; adjacent citations are merged into one. */
export interface Citation extends Node {
  type: 'citation'
  items: CiteItem[]
  /** Text before the first source (`{prefix="see"}`). */
  prefix?: string
  /** Text after the last source (`{suffix="emphasis added"}`). */
  suffix?: string
  /** `{mode=narrative}`: the author is part of the sentence ("Stroul (2024)"). */
  narrative?: boolean
  /** Filled in by resolve (house style): one endnote number per item whose source exists. */
  numbers: number[]
  /** Occurrence index of this citation (1-based), for backlinks. */
  occurrence: number
  /** Filled in by resolve when the brief uses a CSL style. */
  rendered?: RenderedCitation
}

/** `:::quote{by role source loc}` */
export interface Quote extends Parent {
  type: 'quote'
  by?: string
  role?: string
  sourceKey?: string
  loc?: string
  /** Filled in by resolve when `source` is known. */
  citation?: Citation
  children: BlockContent[]
}

/** `::figure{src alt caption credit layout}` */
export interface Figure extends Node {
  type: 'figure'
  src: string
  alt: string
  caption?: string
  creditKey?: string
  layout?: string
  /** Where `src=` is written, for messages about it. */
  srcPosition?: Position
  /** Where `credit=` is written. */
  creditPosition?: Position
  /** Set by resolve: where the image is referenced from the outputs. */
  href?: string
}

/** `:::notes` */
export interface SpeakerNotes extends Parent {
  type: 'speakerNotes'
  children: BlockContent[]
}

/** `:::handout` and `:::slides` */
export interface ViewOnly extends Parent {
  type: 'viewOnly'
  view: 'handout' | 'slides'
  children: BlockContent[]
}

/** `:::internal`: for the team only, kept with a visible marker in internal outputs and left out of public ones. */
export interface InternalBlock extends Parent {
  type: 'internalBlock'
  children: BlockContent[]
}

/** `::sources` and `::credits`, and the automatic lists at the end. */
export interface AnnotationList extends Node {
  type: 'annotationList'
  list: 'sources' | 'credits'
}

/** `::source` and `::credit`: definitions that render nothing where written. */
export interface AnnotationDefinition extends Node {
  type: 'annotationDefinition'
  kind: 'source' | 'credit'
  key: string
}

export type AnnotationNode =
  | Citation
  | Quote
  | Figure
  | SpeakerNotes
  | ViewOnly
  | AnnotationList
  | AnnotationDefinition

declare module 'mdast' {
  interface RootContentMap {
    citation: Citation
    quote: Quote
    figure: Figure
    speakerNotes: SpeakerNotes
    viewOnly: ViewOnly
    internalBlock: InternalBlock
    annotationList: AnnotationList
    annotationDefinition: AnnotationDefinition
  }
  interface BlockContentMap {
    quote: Quote
    figure: Figure
    speakerNotes: SpeakerNotes
    viewOnly: ViewOnly
    internalBlock: InternalBlock
    annotationList: AnnotationList
    annotationDefinition: AnnotationDefinition
  }
  interface PhrasingContentMap {
    citation: Citation
  }
  interface HtmlData {
    /** Raw HTML the brief may not have (a style block): rendered as nothing in both views. */
    removed?: boolean
    /** The raw HTML as written, when it was removed. */
    original?: string
    /** The comment that carries a slide's speaker notes (never a place for directives). */
    speakerNotes?: boolean
  }
  interface ImageData {
    /** The alt text exactly as written, Marp keywords included. */
    sourceAlt?: string
    /** Set by resolve: where a local image is referenced from the outputs. */
    href?: string
  }
}

declare module 'unist' {
  interface Data {
    /** On our nodes: the annotation they were written as, to write them back (see annotations/to-markdown.ts). */
    annotation?: {name: string; attributes: Record<string, string | null | undefined>}
    /** Set by the remark plugin on the parts it adds to a quote for HTML: its body and its caption. */
    quoteBody?: boolean
    quoteCaption?: boolean
    /** Set by the remark plugin on the visible "Internal" marker it adds to an internal block. */
    internalLabel?: boolean
  }
}

declare module 'vfile' {
  interface DataMap {
    brief: BriefData
    /** Severity overrides of rules for this file (see `Options.rules`). */
    rules: RuleSettings
    /** Set when the brief breaks a size or nesting limit: it was not parsed. */
    overLimits: boolean
    /** Set when the machine could not read the brief (see `readBriefs`). */
    unreadable: boolean
    /** Other files with messages about this brief: its bibliography files. */
    related: VFile[]
  }
}

export type {PhrasingContent}
