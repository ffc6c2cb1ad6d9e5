/**
 * What a message needs: the names of its arguments and rich-text tags, read
 * from its ICU MessageFormat syntax tree.
 */
import {parse, TYPE, type MessageFormatElement} from '@formatjs/icu-messageformat-parser'

export interface MessageShape {
  arguments: Set<string>
  tags: Set<string>
}

/** The message's arguments and tags; throws a `SyntaxError` for a message that does not parse. */
export function messageShape(message: string): MessageShape {
  const shape: MessageShape = {arguments: new Set(), tags: new Set()}
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type === TYPE.tag) {
        shape.tags.add(element.value)
        walk(element.children)
      } else if (element.type === TYPE.select || element.type === TYPE.plural) {
        shape.arguments.add(element.value)
        for (const option of Object.values(element.options)) walk(option.value)
      } else if (element.type !== TYPE.literal && element.type !== TYPE.pound) {
        shape.arguments.add(element.value)
      }
    }
  }
  walk(parse(message))
  return shape
}
