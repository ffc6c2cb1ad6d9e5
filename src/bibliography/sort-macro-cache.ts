/**
 * citeproc-js builds a macro once and calls it by reference everywhere but
 * in a sort key, where it copies the macro's tokens in line, and with them
 * every macro that macro calls, each time again. A Chicago 18 style's sort
 * keys come to some 180,000 tokens that way, about a second of building an
 * engine on a 2-core machine, most of it garbage collection. While an engine
 * is built, a sort key's macro is built once per sort (citations' or the
 * bibliography's) into a list of its own, and the key calls that list, as
 * citeproc does for every other macro. Upstream has an open pull request with
 * the same idea (Juris-M/citeproc-js#276).
 */

/** A token of a built style, as far as this module handles one. */
interface Token {
  execs: Array<(this: Token, state: EngineState, item: unknown, citationItem: unknown) => unknown>
}

/** The part of an engine's state this module reads while the engine is built. */
interface EngineState {
  build: {extension?: string; area?: string}
  configureTokenList(tokens: Token[]): void
}

/** The part of citeproc's `CSL` object this module changes while an engine is built. */
export interface CslWithMacroBuild {
  expandMacro?: (this: EngineState, token: unknown, target: Token[]) => void
  getMacroTarget?: (this: EngineState, key: string) => Token[] | false
  configureMacro?: (this: EngineState, tokens: Token[]) => void
  tokenExec?: (this: EngineState, token: Token, item: unknown, citationItem: unknown) => number
  Token?: new (name: string, type: number) => Token
  SINGLETON?: number
}

/** Run `build` (which makes a `CSL.Engine`) with each sort key's macros built once. */
export function withSortMacroCache<T>(csl: CslWithMacroBuild, build: () => T): T {
  const {expandMacro, getMacroTarget, configureMacro, tokenExec, Token, SINGLETON} = csl
  if (!expandMacro || !getMacroTarget || !configureMacro || !tokenExec || !Token || SINGLETON === undefined) return build()
  /** Where the macro being expanded goes: citeproc's getMacroTarget is not told. */
  const targets: Token[][] = []
  /** Each sort's macros, by key (a macro with a date has the locale in its key). */
  const built = new Map<string, Map<string, Token[]>>()
  /** The lists this module made, which citeproc would otherwise leave unconfigured. */
  const own = new WeakSet<Token[]>()
  csl.expandMacro = function (token, target) {
    targets.push(target)
    try {
      expandMacro.call(this, token, target)
    } finally {
      targets.pop()
    }
  }
  csl.getMacroTarget = function (key) {
    const target = targets.at(-1)
    if (!this.build.extension || !target) return getMacroTarget.call(this, key)
    const area = this.build.area ?? ''
    const macros = built.get(area) ?? new Map<string, Token[]>()
    built.set(area, macros)
    const cached = macros.get(key)
    const tokens = cached ?? []
    // The call stands where citeproc would have copied the macro's tokens.
    const call = new Token('text', SINGLETON)
    call.execs.push(function (state, item, citationItem) {
      let next = 0
      while (next < tokens.length) next = tokenExec.call(state, tokens[next], item, citationItem)
    } as Token['execs'][number])
    target.push(call)
    if (cached) return false
    macros.set(key, tokens)
    own.add(tokens)
    return tokens
  }
  csl.configureMacro = function (tokens) {
    if (own.has(tokens)) this.configureTokenList(tokens)
    else configureMacro.call(this, tokens)
  }
  try {
    return build()
  } finally {
    Object.assign(csl, {expandMacro, getMacroTarget, configureMacro})
  }
}
