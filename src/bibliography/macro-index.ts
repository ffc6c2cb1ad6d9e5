/**
 * citeproc-js finds a macro by walking the whole style each time it expands
 * one (`CSL.expandMacro` → `XmlJSON.getNodesByName`): with the Chicago 18
 * styles that is thousands of walks, some two seconds of building an engine
 * on a 2-core machine. While an engine is built, macros are found in an index
 * of the style's macros instead, made with the first lookup: the same nodes,
 * in the same order. Upstream has an open pull request that caches the same
 * lookups (Juris-M/citeproc-js#256).
 */

/** A node of citeproc's JSON form of the style. */
export interface XmlJsonNode {
  name?: string
  attrs?: Record<string, unknown>
  children?: unknown[]
}

type GetNodesByName = (this: unknown, root: XmlJsonNode, name: string, nameAttribute?: string, found?: XmlJsonNode[]) => XmlJsonNode[]

/** The part of citeproc's `CSL` object this module changes while an engine is built. */
export interface CslWithXmlJson {
  XmlJSON?: {prototype: {getNodesByName: GetNodesByName}}
}

/** Run `build` (which makes a `CSL.Engine`) with macros looked up in an index. */
export function withMacroIndex<T>(csl: CslWithXmlJson, build: () => T): T {
  const prototype = csl.XmlJSON?.prototype
  if (!prototype) return build()
  const walk = prototype.getNodesByName
  const indexes = new WeakMap<XmlJsonNode, Map<string, XmlJsonNode[]>>()
  prototype.getNodesByName = function (root, name, nameAttribute, found) {
    if (name !== 'macro' || typeof nameAttribute !== 'string' || found !== undefined || !root) return walk.call(this, root, name, nameAttribute, found)
    let index = indexes.get(root)
    if (!index) {
      index = new Map()
      for (const node of walk.call(this, root, 'macro')) {
        const key = node.attrs?.name
        if (typeof key === 'string') index.set(key, [...(index.get(key) ?? []), node])
      }
      indexes.set(root, index)
    }
    return [...(index.get(nameAttribute) ?? [])]
  }
  try {
    return build()
  } finally {
    prototype.getNodesByName = walk
  }
}
