/**
 * Writing direction of a language tag, from the script it is written in
 * (`ar`, `he`, `fa`, `ur`, `ps`, `ckb`, `sd` and `*-Arab`, `*-Hebr` … are right to left).
 */
const RTL_SCRIPTS = new Set(['Arab', 'Hebr', 'Thaa', 'Syrc', 'Nkoo', 'Adlm', 'Rohg', 'Samr', 'Mand', 'Yezi'])

export type Direction = 'ltr' | 'rtl'

export function directionOf(lang: string): Direction {
  try {
    const script = new Intl.Locale(lang).maximize().script
    return script && RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr'
  } catch {
    return 'ltr'
  }
}
