/**
 * The bench's bibliography pair: one brief citing 12 entries of a 200-entry
 * BibTeX library in Chicago notes, and the same brief with its 12 sources
 * inline (`::source`, the house style).
 */
import fs from 'node:fs'
import path from 'node:path'

const TYPES = ['report', 'book', 'article', 'online', 'incollection']

/** Write the pair into `dir`/decks (notes.md, inline.md, library.bib); returns `dir`. */
export function bibliographyProject(dir) {
  const entries = Array.from({length: 200}, (_, i) => {
    const type = TYPES[i % TYPES.length]
    const fields = [`title = {Study {NATO} number ${i} on deterrence}`, `author = {Author${i}, Ann and Writer${i}, Bob}`, `date = {${2000 + (i % 24)}-0${1 + (i % 9)}}`]
    if (type === 'article') fields.push(`journaltitle = {Journal ${i % 7}}`, `volume = {${i}}`, `pages = {${i}--${i + 9}}`)
    if (type === 'report') fields.push(`institution = {Institute ${i % 11}}`, `url = {https://example.org/r/${i}}`)
    if (type === 'book' || type === 'incollection') fields.push(`publisher = {Press ${i % 5}}`, `location = {City}`)
    if (type === 'incollection') fields.push(`booktitle = {Handbook ${i % 3}}`)
    if (type === 'online') fields.push(`url = {https://example.org/o/${i}}`, `urldate = {2024-05-01}`)
    return `@${type}{ref${i},\n  ${fields.join(',\n  ')}\n}`
  })
  fs.mkdirSync(path.join(dir, 'decks'), {recursive: true})
  fs.writeFileSync(path.join(dir, 'decks', 'library.bib'), entries.join('\n\n'))
  const cited = Array.from({length: 12}, (_, i) => i * 16)
  const paragraphs = (cite) => cited.map((n, i) => `${i % 4 === 0 ? '\n---\n\n## Part ' + i + '\n\n' : ''}Claim ${i} about deterrence and alliances ${cite(n, i)}.\n`).join('\n')
  fs.writeFileSync(
    path.join(dir, 'decks', 'notes.md'),
    `---\ntitle: Bibliography brief\nbibliography: library.bib\ncitationStyle: chicago-notes-bibliography\n---\n\n${paragraphs((n, i) => `:cite[ref${n}${i % 3 === 0 ? ', p. ' + (i + 3) : ''}]`)}`
  )
  fs.writeFileSync(
    path.join(dir, 'decks', 'inline.md'),
    `---\ntitle: Inline brief\n---\n\n${paragraphs((n, i) => `:cite[ref${n}]${i % 3 === 0 ? '{loc="p. ' + (i + 3) + '"}' : ''}`)}\n\n${cited
      .map((n) => `::source{#ref${n} title="Study NATO number ${n} on deterrence" author="Ann Author${n}" publisher="Institute ${n % 11}" date=${2000 + (n % 24)}-0${1 + (n % 9)}}`)
      .join('\n')}\n`
  )
  return dir
}
