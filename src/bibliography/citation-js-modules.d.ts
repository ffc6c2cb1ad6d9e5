/** The parts of citation-js 0.8 briefdeck uses (it ships no types). */
declare module '@citation-js/core' {
  export const plugins: {
    input: {chain(data: unknown, options?: {target?: string; forceType?: string; generateGraph?: boolean}): unknown}
    output: {format(name: string, data: unknown, options?: Record<string, unknown>): unknown}
    config: {get(name: string): Record<string, Record<string, unknown>>}
  }
  export const logger: {setLogLevel(level: string): void}
}
declare module '@citation-js/plugin-bibtex'
declare module '@citation-js/plugin-ris'
declare module '@citation-js/plugin-csl'
