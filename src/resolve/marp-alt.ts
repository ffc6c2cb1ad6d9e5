/**
 * Marp reads image keywords from the alt text (`bg right:40%`, `w:300`);
 * the handout shows only the real alt text.
 */
const KEYWORD =
  /^(?:bg|contain|cover|fit|auto|left|right|top|bottom|vertical|horizontal|blur|brightness|contrast|drop-shadow|grayscale|hue-rotate|invert|opacity|saturate|sepia)(?::\S*)?$|^(?:w|h|width|height):\S+$|^\d+(?:\.\d+)?%$/i

export function altWithoutMarpKeywords(alt: string): string {
  return alt
    .split(/\s+/)
    .filter((word) => word !== '' && !KEYWORD.test(word))
    .join(' ')
    .replace(/\\([[\]\\])/g, '$1')
}
