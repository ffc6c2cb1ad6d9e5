/**
 * How a browser reads the start of an address, for the scheme checks: it
 * drops leading and trailing controls and spaces and every tab and line break
 * (`java\tscript:` is `javascript:`), and takes `\` for `/` (`/\host` is
 * `//host`, another site).
 */

/** Whether an address holds a control character (or U+FFFD, which `&#1;` reads as): no address does. */
export function hasControlCharacter(value: string): boolean {
  return /[\u0000-\u001F\u007F\uFFFD]/.test(value)
}

/** The address as a browser's URL parser sees its start. */
export function browserView(value: string): string {
  return value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '')
}

/** The lower-case scheme (`javascript:`), or undefined for a relative address. */
export function urlScheme(value: string): string | undefined {
  return /^([a-z][a-z\d+.-]*:)/i.exec(browserView(value))?.[1]?.toLowerCase()
}

/** `//host/x` (or `/\host/x`): relative in form, yet another site, fetched over whatever scheme the page has. */
export function isProtocolRelative(value: string): boolean {
  return /^[/\\]{2}/.test(browserView(value))
}
