/** The "cite this brief" files written beside each brief's pages (see cite-this.ts). */
export const CITE_FILES = ['cite.json', 'cite.bib', 'cite.ris'] as const
