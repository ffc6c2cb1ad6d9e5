/** The parts of citeproc-js briefdeck uses (it ships no types). */
declare module 'citeproc' {
  export interface CiteprocSys {
    retrieveLocale(lang: string): string | undefined
    retrieveItem(id: string): unknown
    wrapCitationEntry?: unknown
  }
  export interface CitationData {
    citationID: string
    citationItems: Array<{id: string; locator?: string; label?: string; prefix?: string; suffix?: string; 'suppress-author'?: boolean; 'author-only'?: boolean}>
    properties: {noteIndex: number}
  }
  export interface BibliographyParams {
    entry_ids: string[][]
    bibstart: string
    bibend: string
    'second-field-align'?: string | false
    hangingindent?: number
  }
  export class Engine {
    constructor(sys: CiteprocSys, style: string, lang?: string, forceLang?: boolean)
    opt: {development_extensions: Record<string, boolean>; xclass: string}
    rebuildProcessorState(citations: CitationData[], mode?: string, uncited?: string[]): Array<[string, number, string]>
    updateItems(ids: string[]): void
    processCitationCluster(citation: CitationData, pre: Array<[string, number]>, post: Array<[string, number]>): [unknown, Array<[number, string, string]>]
    updateUncitedItems(ids: string[]): void
    makeBibliography(): [BibliographyParams, string[]] | false
    previewCitationCluster(citation: Omit<CitationData, 'citationID'>, pre: Array<[string, number]>, post: Array<[string, number]>, format: string): string
    setOutputFormat(format: string): void
  }
  const CSL: {Engine: typeof Engine} & import('./macro-index.js').CslWithXmlJson & import('./sort-macro-cache.js').CslWithMacroBuild
  export default CSL
}
