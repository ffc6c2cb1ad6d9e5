/**
 * citeproc-js builds a macro once and calls it by reference everywhere but
 * in a sort key, where it copies the macro's tokens in line, and with them
 * every macro that macro calls, each time again. A Chicago 18 style's sort
 * keys come to some 180,000 tokens that way, about a second of building an
 * engine on a 2-core machine, most of it garbage collection. While an engine
 * is built, a sort key's macro is built once for each sort (citations' or the
 * bibliography's) and build state it meets (a macro builds differently inside
 * a names' substitute), into a list of its own that the key calls, as citeproc
 * does for every other macro. A macro whose build changes the state around it
 * (a name-part that the names it sits in take up) is built in line each time,
 * as citeproc builds it. Upstream has an open pull request with the idea
 * (Juris-M/citeproc-js#276).
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

/** A macro built for a sort, and whether using it again is the same as building it again. */
interface Built {
  tokens: Token[]
  /** Its build changed the build state around it (a name-part for the names it sits in): built again each time. */
  leaks: boolean
}

/** Run `build` (which makes a `CSL.Engine`) with each sort key's macros built once. */
export function withSortMacroCache<T>(csl: CslWithMacroBuild, build: () => T): T {
  const {expandMacro, getMacroTarget, configureMacro, tokenExec, Token, SINGLETON} = csl
  if (!expandMacro || !getMacroTarget || !configureMacro || !tokenExec || !Token || SINGLETON === undefined) return build()
  /** Where the macro being expanded goes: citeproc's getMacroTarget is not told. */
  const targets: Token[][] = []
  /**
   * Macros by sort, name and the build state they were built in: the same
   * macro builds differently inside a names' substitute (see citeproc's
   * substituteStart and Conditions.TopNode), so each state has its own.
   */
  const built = new Map<string, Built>()
  /** Macros being built, innermost last, with the build state before. */
  const building: Array<{made: Built; before: string}> = []
  const state = new BuildState()
  csl.expandMacro = function (token, target) {
    targets.push(target)
    try {
      expandMacro.call(this, token, target)
    } finally {
      targets.pop()
    }
  }
  csl.getMacroTarget = function (name) {
    const target = targets.at(-1)
    if (!this.build.extension || !target) return getMacroTarget.call(this, name)
    const before = state.of(this.build)
    const key = `${name}\0${before}`
    const found = built.get(key)
    // In line, as citeproc builds every sort key's macro (into the list being built, which is citeproc's at the top).
    if (found?.leaks) return target
    const made = found ?? {tokens: [], leaks: false}
    const {tokens} = made
    // The call stands where citeproc would have copied the macro's tokens.
    const call = new Token('text', SINGLETON)
    call.execs.push(function (state, item, citationItem) {
      let next = 0
      while (next < tokens.length) next = tokenExec.call(state, tokens[next], item, citationItem)
    } as Token['execs'][number])
    target.push(call)
    if (found) return false
    built.set(key, made)
    building.push({made, before})
    return tokens
  }
  csl.configureMacro = function (tokens) {
    const current = building.at(-1)
    if (current?.made.tokens !== tokens) return configureMacro.call(this, tokens)
    building.pop()
    this.configureTokenList(tokens)
    current.made.leaks = state.of(this.build) !== current.before
  }
  try {
    return build()
  } finally {
    Object.assign(csl, {expandMacro, getMacroTarget, configureMacro})
  }
}

/**
 * Fields of citeproc's `state.build` a macro's build may leave changed with no
 * effect on what is built after it: the stack of macros being expanded (it
 * only catches loops); a date's parts and variables (set by each cs:date for
 * its own date-parts); and the flag for a year-suffix key, read only for an
 * area named `citation` while building a sort, which never happens.
 */
const SCRATCH = new Set(['macro_stack', 'date_parts', 'date_variables', 'date_key'])

/**
 * The build state as a string, to compare: every field of citeproc's
 * `state.build` but the scratch ones, with objects by identity and stacks and
 * lists by their contents.
 */
class BuildState {
  private readonly ids = new WeakMap<object, number>()
  private count = 0

  of(build: object): string {
    return JSON.stringify(
      Object.entries(build)
        .filter(([field]) => !SCRATCH.has(field))
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([field, value]) => [field, this.describe(value, 2)])
    )
  }

  private describe(value: unknown, depth: number): unknown {
    if (value === null || typeof value !== 'object') return value === undefined ? '\0undefined' : value
    if (depth > 0 && Array.isArray(value)) return ['list', ...value.map((item) => this.describe(item, depth - 1))]
    const stack = (value as {mystack?: unknown}).mystack
    if (depth > 0 && Array.isArray(stack)) return ['stack', this.describe(stack, depth - 1)]
    let id = this.ids.get(value)
    if (id === undefined) this.ids.set(value, (id = ++this.count))
    return ['object', id]
  }
}
