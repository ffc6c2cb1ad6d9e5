/**
 * Read a directive's attribute block (`{#key .class name="value" bare}`) from
 * the source the way micromark-extension-directive does, keeping what its tree
 * loses: every attribute as written, in order, with offsets. A name written
 * twice, or one such as `__proto__` that a plain object cannot hold, is only
 * visible here.
 */

export interface WrittenAttribute {
  /** `id` for `#key`, `class` for `.name`, else the name as written. */
  name: string
  /** Offset of the attribute in the block. */
  start: number
  end: number
}

const NAME_START = /[A-Za-z:_]/
const NAME_REST = /[\w.:-]/
const SHORTCUT_STOP = /[\s"'<=>`}]/
const UNQUOTED_STOP = /[\s"'<=>`}]/

/** The attributes of a block that starts at `{`; stops at the closing `}` or at anything it cannot read. */
export function scanAttributeBlock(block: string): WrittenAttribute[] {
  const found: WrittenAttribute[] = []
  if (block[0] !== '{') return found
  let index = 1
  const skipSpace = () => {
    while (index < block.length && /\s/.test(block[index])) index++
  }
  while (index < block.length) {
    skipSpace()
    const start = index
    const character = block[index]
    if (character === undefined || character === '}') break
    if (character === '#' || character === '.') {
      index++
      while (index < block.length && !SHORTCUT_STOP.test(block[index])) index++
      found.push({name: character === '#' ? 'id' : 'class', start, end: index})
      continue
    }
    if (!NAME_START.test(character)) break
    while (index < block.length && NAME_REST.test(block[index])) index++
    const name = block.slice(start, index)
    const afterName = index
    skipSpace()
    if (block[index] === '=') {
      index++
      skipSpace()
      const quote = block[index]
      if (quote === '"' || quote === "'") {
        const close = block.indexOf(quote, index + 1)
        if (close === -1) break
        index = close + 1
      } else {
        while (index < block.length && !UNQUOTED_STOP.test(block[index])) index++
      }
    } else index = afterName
    found.push({name, start, end: index})
  }
  return found
}

/** Names written more than once (`class` may repeat: its values add up). The later writings, in order. */
export function repeatedAttributes(attributes: readonly WrittenAttribute[]): WrittenAttribute[] {
  const seen = new Set<string>()
  const repeated: WrittenAttribute[] = []
  for (const attribute of attributes) {
    if (attribute.name !== 'class' && seen.has(attribute.name)) repeated.push(attribute)
    seen.add(attribute.name)
  }
  return repeated
}
