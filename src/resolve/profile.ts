/**
 * The public profile: speaker notes and `:::internal` blocks are taken out of
 * the tree before anything is numbered, listed or copied, so that no output can
 * carry them. Sources and credits that only they used go with them, quietly:
 * a public handout does not list what only the team's notes cite.
 */
import type {Parent, Root, RootContent} from 'mdast'
import type {VFile} from 'vfile'
import {report} from '../messages.js'
import type {BriefData, BriefMeta} from '../types.js'

/** What only the withheld blocks used: source and credit keys. */
export interface Withheld {
  sources: Set<string>
  credits: Set<string>
  /** How many blocks were taken out. */
  blocks: number
}

/** Whether a block is for the team only. */
export const isTeamOnly = (node: RootContent): boolean => node.type === 'speakerNotes' || node.type === 'internalBlock'

/** Take speaker notes and internal blocks out of `tree`, in place. */
export function withholdTeamOnly(tree: Root): Withheld {
  const inside = {sources: new Set<string>(), credits: new Set<string>()}
  const outside = {sources: new Set<string>(), credits: new Set<string>()}
  let blocks = 0
  const walk = (parent: Parent, keys: typeof inside, prune: boolean): void => {
    const kept: RootContent[] = []
    for (const child of parent.children as RootContent[]) {
      const teamOnly = prune && isTeamOnly(child)
      if (teamOnly) blocks++
      const into = teamOnly ? inside : keys
      if (child.type === 'citation') for (const item of child.items) into.sources.add(item.key)
      if (child.type === 'quote' && child.sourceKey) into.sources.add(child.sourceKey)
      if (child.type === 'figure' && child.creditKey) into.credits.add(child.creditKey)
      if ('children' in child) walk(child as Parent, into, !teamOnly)
      if (!teamOnly) kept.push(child)
    }
    parent.children = kept as Parent['children']
  }
  walk(tree, outside, true)
  return {
    sources: new Set([...inside.sources].filter((key) => !outside.sources.has(key))),
    credits: new Set([...inside.credits].filter((key) => !outside.credits.has(key))),
    blocks
  }
}

/** Forget the credits only withheld blocks used (sources are dropped while citations are resolved). */
export function dropWithheldCredits(data: BriefData, withheld: Withheld): void {
  for (const key of withheld.credits) data.credits.delete(key)
}

/** A public build refuses a brief whose embargo is still to come (a draft is skipped before it matters). */
export function checkEmbargo(file: VFile, meta: BriefMeta, now = Date.now()): void {
  if (!meta.embargo || meta.draft || meta.embargo.time <= now) return
  const utc = new Date(meta.embargo.time).toISOString().replace(/:\d{2}\.\d{3}Z$/, ' UTC').replace('T', ' ')
  report(
    file,
    `Under embargo until ${meta.embargo.text} (${utc}), so a public build does not publish it: build again after that time, or preview it with \`--ignore-embargo\` (\`ignoreEmbargo: true\`). Its previous public outputs, if any, are kept`,
    meta.embargo.position ?? {line: 1, column: 1},
    'embargoed'
  )
}
