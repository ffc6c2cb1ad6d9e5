/**
 * A bibliography entry as the brief's source registry holds it: the CSL item,
 * where it was defined, and the plain fields the house style prints.
 */
import type {Position} from 'unist'
import type {SourceEntry} from '../types.js'
import {isoDate, namesText, type CslItem} from './csl.js'

/** Text of a field that may hold CSL's inline markup (`<i>`, `<span class="nocase">` …). */
export function plainField(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined
  const text = String(value)
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
  return text === '' ? undefined : text
}

/** The web address of an item: its URL, else its DOI as a doi.org link. */
export function itemUrl(item: CslItem): string | undefined {
  if (typeof item.URL === 'string' && item.URL !== '') return item.URL
  if (typeof item.DOI === 'string' && item.DOI !== '') return `https://doi.org/${item.DOI}`
  return undefined
}

export function sourceEntry(item: CslItem, origin: {file?: string; position?: Position}): SourceEntry {
  return {
    key: item.id,
    item,
    file: origin.file,
    title: plainField(item.title) ?? plainField(item['container-title']) ?? item.id,
    author: namesText(item.author) ?? namesText(item.editor),
    publisher: plainField(item.publisher) ?? plainField(item['container-title']),
    date: isoDate(item.issued),
    url: itemUrl(item),
    accessed: isoDate(item.accessed),
    number: 0,
    cited: false,
    handoutCitations: [],
    position: origin.position
  }
}
