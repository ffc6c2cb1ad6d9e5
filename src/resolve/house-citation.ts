/**
 * The house style's citation marks, shared by the deck and the handout:
 * numbers sorted and runs collapsed (`1–3, 5`) when no locator is given;
 * with locators, each source in the order written (`12, chap. 3; 14`).
 */
import type {BriefData, Citation} from '../types.js'

export interface HousePart {
  /** One number, or the first and last of a run. */
  numbers: [number] | [number, number]
  loc?: string
}

export function houseParts(citation: Citation, data: BriefData): HousePart[] {
  const cited = citation.items.flatMap((item) => {
    const source = data.sources.get(item.key)
    return source ? [{number: source.number, loc: item.loc}] : []
  })
  if (cited.some((part) => part.loc !== undefined)) return cited.map((part) => ({numbers: [part.number], loc: part.loc}))
  const sorted = [...new Set(cited.map((part) => part.number))].sort((a, b) => a - b)
  const parts: HousePart[] = []
  for (let index = 0; index < sorted.length; ) {
    let end = index
    while (end + 1 < sorted.length && (sorted[end + 1] as number) === (sorted[end] as number) + 1) end++
    const first = sorted[index] as number
    const last = sorted[end] as number
    if (end - index >= 2) parts.push({numbers: [first, last]})
    else for (let at = index; at <= end; at++) parts.push({numbers: [sorted[at] as number]})
    index = end + 1
  }
  return parts
}

/** The separator between parts: `; ` when any has a locator, else `, `. */
export function houseSeparator(parts: HousePart[]): string {
  return parts.some((part) => part.loc !== undefined) ? '; ' : ', '
}

export function houseText(parts: HousePart[]): string {
  return parts.map((part) => part.numbers.join('–') + (part.loc ? `, ${part.loc}` : '')).join(houseSeparator(parts))
}
