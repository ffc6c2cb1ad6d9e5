/**
 * Characters an attribute may not hold: line breaks and other control
 * characters (attributes are single-line by nature, and a decoded `&#10;` must
 * not reach the deck), and invisible characters that make two keys look alike
 * or reorder what a reader sees (Trojan Source).
 */

/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
export const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/u

/**
 * Invisible in any attribute: zero-width space, word joiner and invisible
 * operators, byte order mark, and the bidi embeddings, overrides and isolates.
 * Left to prose attributes: LRM, RLM and ALM, which right-to-left text needs, and
 * ZWJ and ZWNJ, which Persian, Indic scripts and emoji sequences need.
 */
export const HIDDEN_IN_TEXT = /[\u200B\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u

/** Invisible in a key or an address: every default-ignorable code point. */
export const HIDDEN_IN_KEY = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\u{1D173}-\u{1D17A}\u{E0000}-\u{E0FFF}]/u

/** Attributes that are keys or addresses, compared or followed by machines. */
export const KEY_ATTRIBUTES: ReadonlySet<string> = new Set(['id', 'credit', 'src', 'url'])

/** A readable name for a character in a message: `U+200B ZERO WIDTH SPACE`. */
export function describeCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
  const name = NAMES[code]
  if (name) return `${hex} (${name})`
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `${hex} (a control character)`
  return `${hex} (an invisible character)`
}

const NAMES: Record<number, string> = {
  0x09: 'tab',
  0x0a: 'line feed',
  0x0d: 'carriage return',
  0x85: 'next line',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
  0x00ad: 'soft hyphen',
  0x200b: 'zero width space',
  0x200c: 'zero width non-joiner',
  0x200d: 'zero width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2060: 'word joiner',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
  0xfeff: 'zero width no-break space'
}

/** The first character `name`'s value may not hold, if any. */
export function forbiddenCharacter(name: string, value: string): {character: string; kind: 'control' | 'hidden'} | undefined {
  const control = CONTROL.exec(value)
  if (control) return {character: control[0], kind: 'control'}
  const hidden = (KEY_ATTRIBUTES.has(name) ? HIDDEN_IN_KEY : HIDDEN_IN_TEXT).exec(value)
  if (hidden) return {character: hidden[0], kind: 'hidden'}
  return undefined
}
