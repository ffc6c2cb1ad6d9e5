/**
 * Published files must not run script at the site's origin: only image files
 * are published, recognised by their bytes, and SVG is sanitized first. The
 * sanitized SVG is parsed back as XML and searched element by element; one
 * hostile file is also opened in Chromium, raw and sanitized.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {JSDOM} from 'jsdom'
import {chromium} from 'playwright-core'
import {describe, expect, test} from 'vitest'
import {findBrowser} from '../src/browser/find.js'
import {BROWSER_ARGS} from '../src/browser/session.js'
import {EXTENSIONS, HEAD_BYTES, checkImageFile, readImageFile, sniffImage} from '../src/resolve/image-file.js'
import {SvgError, sanitizeSvg} from '../src/resolve/svg.js'

const SVG_NS = 'http://www.w3.org/2000/svg'
const XLINK_NS = 'http://www.w3.org/1999/xlink'
const PNG_DATA = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp|avif);base64,/
const {window} = new JSDOM('')

const svg = (inner: string, rootAttributes = '') => `<svg xmlns="${SVG_NS}" xmlns:xlink="${XLINK_NS}"${rootAttributes}>${inner}</svg>`

/** Parse sanitized output as a standalone SVG file: it must be well-formed with an SVG root. */
function parse(text: string): Document {
  const doc = new window.DOMParser().parseFromString(text, 'image/svg+xml')
  expect(doc.documentElement.namespaceURI, text).toBe(SVG_NS)
  expect(doc.documentElement.localName).toBe('svg')
  expect(text.startsWith(`<svg xmlns="${SVG_NS}"`)).toBe(true)
  return doc
}

const elements = (doc: Document) => [...doc.getElementsByTagName('*')]

function nodesOfType(doc: Document, type: number): Node[] {
  const found: Node[] = []
  const walk = (node: Node) => {
    if (node.nodeType === type) found.push(node)
    node.childNodes.forEach(walk)
  }
  walk(doc)
  return found
}

const FORBIDDEN = ['script', 'foreignobject', 'iframe', 'embed', 'object', 'style', 'handler', 'listener', 'animate', 'set', 'html', 'body', 'img', 'div']

/** Nothing in the parsed output can run script or load anything from elsewhere. */
function expectInert(text: string): Document {
  const doc = parse(text)
  expect(doc.doctype).toBeNull()
  expect(nodesOfType(doc, window.Node.PROCESSING_INSTRUCTION_NODE)).toEqual([])
  for (const element of elements(doc)) {
    expect(element.namespaceURI).toBe(SVG_NS)
    expect(FORBIDDEN).not.toContain(element.localName.toLowerCase())
    for (const attribute of element.attributes) {
      const where = `${attribute.name}="${attribute.value.slice(0, 80)}" on <${element.localName}>`
      expect(attribute.name, where).not.toMatch(/^on/i)
      expect(attribute.value.replace(/[\s\u0000-\u001f]+/g, ''), where).not.toMatch(/javascript:|vbscript:|data:text\/html/i)
      expect(attribute.value, where).not.toMatch(/@import|image-set\(/i)
      if (!attribute.name.startsWith('aria-')) expect(attribute.value, where).not.toMatch(/\\.*\(/s)
      for (const match of attribute.value.matchAll(/url\(\s*['"]?\s*(.?)/gi)) expect(match[1], where).toBe('#')
      if (/^(?:.*:)?(?:href|src)$/i.test(attribute.name)) {
        const allowed = attribute.value.startsWith('#') || (element.localName === 'image' && DATA_IMAGE.test(attribute.value))
        expect(allowed, where).toBe(true)
      }
      if (attribute.name === 'attributeName') expect(attribute.value, where).not.toMatch(/href|^on/i)
    }
  }
  return doc
}

/** Each element as its name, attributes and own text, for comparing trees. */
const shape = (doc: Document) =>
  elements(doc).map((element) => ({
    name: element.localName,
    namespace: element.namespaceURI,
    attributes: Object.fromEntries([...element.attributes].filter((a) => !a.name.startsWith('xmlns')).map((a) => [a.name, a.value])),
    text: [...element.childNodes].filter((n) => n.nodeType === window.Node.TEXT_NODE).map((n) => n.textContent).join('')
  }))

const HOSTILE: Array<[string, string, RegExp]> = [
  ['a <script> element', svg('<script>alert(1)</script><rect width="1" height="1"/>'), /^a <script> element$/],
  ['a <script> with CDATA', svg('<script><![CDATA[ if (1 < 2) alert(1) ]]></script>'), /^a <script> element$/],
  ['a <script> with an external src', svg('<script href="https://evil.example/x.js"/>'), /^a <script> element$/],
  ['a namespaced <svg:script>', `<svg:svg xmlns:svg="${SVG_NS}"><svg:script>alert(1)</svg:script><svg:rect width="1"/></svg:svg>`, /^a <script> element$/],
  ['an XHTML <script> inside SVG', svg('<script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script>'), /^a <script> element$/],
  ['onload on the root', svg('<rect/>', ' onload="alert(1)"'), /^the onload attribute of <svg>$/],
  ['onclick on a nested element', svg('<g><g><rect onclick="alert(1)"/></g></g>'), /^the onclick attribute of <rect>$/],
  ['upper-case ONLOAD', svg('<rect/>', ' ONLOAD="alert(1)"'), /^the ONLOAD attribute of <svg>$/],
  ['mixed-case OnMouseOver on a nested <svg>', svg('<svg OnMouseOver="alert(1)"><circle r="1"/></svg>'), /^the OnMouseOver attribute of <svg>$/],
  ['onbegin on an animation', svg('<animateTransform attributeName="transform" onbegin="alert(1)"/>'), /^the onbegin attribute of <animateTransform>$/],
  [
    '<foreignObject> with HTML and script',
    svg('<foreignObject width="9" height="9"><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(1)"/><script>alert(1)</script></div></foreignObject>'),
    /^a <foreignObject> element$/
  ],
  ['<a xlink:href="javascript:…">', svg('<a xlink:href="javascript:alert(1)"><text>x</text></a>'), /^a script address javascript:alert\(1\) \(xlink:href of <a>\)$/],
  ['<a href=" jav&#x09;ascript:…">', svg('<a href=" jav&#x09;ascript:alert(1)"><text>x</text></a>'), /script address|link to/],
  ['<a href="data:text/html…">', svg('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="><text>x</text></a>'), /^a script address data:text\/html/],
  ['<a> to another site', svg('<a href="https://evil.example/"><text>x</text></a>'), /^a link to https:\/\/evil\.example\/ \(href of <a>\)$/],
  ['<use href="https://…">', svg('<use href="https://evil.example/x.svg#a"/>'), /^an external reference https:\/\/evil\.example\/x\.svg#a \(href of <use>\)$/],
  ['<use xlink:href="https://…">', svg('<use xlink:href="https://evil.example/x.svg#a"/>'), /^an external reference https:\/\/evil\.example\/x\.svg#a \(xlink:href of <use>\)$/],
  ['<use> of an embedded SVG', svg('<use href="data:image/svg+xml;base64,PHN2Zy8+#a"/>'), /^an embedded data:image\/svg\+xml/],
  ['<image href="http://…">', svg('<image href="http://evil.example/x.png"/>'), /^an external reference http:\/\/evil\.example\/x\.png/],
  ['<image href="//…">', svg('<image href="//evil.example/x.png" width="1" height="1"/>'), /^an external reference \/\/evil\.example\/x\.png/],
  ['<image> of a file next to it', svg('<image xlink:href="../secret.png"/>'), /^an external reference \.\.\/secret\.png/],
  ['<image> of an embedded SVG', svg('<image href="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"/>'), /^an embedded data:image\/svg\+xml/],
  ['<feImage href="https://…">', svg('<filter id="f"><feImage href="https://evil.example/x.png"/></filter>'), /^an external reference https:\/\/evil\.example\/x\.png \(href of <feImage>\)$/],
  ['<linearGradient> inheriting from another file', svg('<linearGradient id="g" xlink:href="https://evil.example/g.svg#g"/>'), /^an external reference/],
  ['style="background:url(https://…)"', svg('<rect style="fill:red;background:url(https://evil.example/x.png)"/>'), /^an external reference url\(https:\/\/evil\.example\/x\.png\) \(style of <rect>\)$/],
  ['fill="url(https://…#g)"', svg('<rect fill="url(https://evil.example/p.svg#g)"/>'), /^an external reference url\(https:\/\/evil\.example\/p\.svg#g\) \(fill of <rect>\)$/],
  [
    'filter, mask, clip-path and markers from another file',
    svg(`<path d="M0 0" filter="url('https://evil.example/f.svg#f')" mask="url(&quot;//evil.example/m.svg#m&quot;)" clip-path="url(c.svg#c)" marker-end="url( https://evil.example/m.svg#m )"/>`),
    /^an external reference url\(/
  ],
  ['cursor="url(…)"', svg('<rect cursor="url(https://evil.example/c.cur), auto"/>'), /^an external reference url\(https:/],
  ['a CSS escape that spells url(', svg('<rect style="fill:\\75rl(https://evil.example/x)"/>'), /^(?:CSS escapes|an external reference)/],
  ['image-set() in a style', svg(`<rect style="background-image:image-set('https://evil.example/x.png' 1x)"/>`), /^an external reference/],
  ['<style>@import url(https://…)</style>', svg('<style>@import url(https://evil.example/x.css); rect { fill: red }</style><rect/>'), /^a <style> element$/],
  ['<?xml-stylesheet href="https://…"?>', `<?xml version="1.0"?>\n<?xml-stylesheet type="text/css" href="https://evil.example/x.css"?>\n${svg('<rect/>')}`, /^an <\?xml-stylesheet\?> processing instruction$/],
  ['a processing instruction inside', svg('<?xml-stylesheet href="https://evil.example/x.css"?><rect/>'), /^an <\?xml-stylesheet\?> processing instruction$/],
  ['<animate attributeName="href" to="javascript:…">', svg('<a><animate attributeName="href" to="javascript:alert(1)"/><text>x</text></a>'), /^an <animate> element$/],
  ['<set attributeName="onmouseover">', svg('<rect><set attributeName="onmouseover" to="alert(1)"/></rect>'), /^a <set> element$/],
  ['<animateTransform attributeName="xlink:href">', svg('<a><animateTransform attributeName="xlink:href" values="javascript:alert(1)"/></a>'), /attributeName of <animateTransform>|script address/],
  ['<animateMotion attributeName="onclick">', svg('<animateMotion attributeName="onclick" dur="1s"/>'), /^an animation of onclick \(attributeName of <animateMotion>\)$/],
  ['SVG Tiny <handler>', svg('<handler xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load">alert(1)</handler>'), /^a <handler> element$/],
  ['<listener>', svg('<listener event="click" handler="#h"/>'), /^a <listener> element$/],
  ['<iframe srcdoc>', svg('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"/>'), /^an <iframe> element$/],
  ['<embed>', svg('<embed src="https://evil.example/x.swf" type="application/x-shockwave-flash"/>'), /^an <embed> element$/],
  ['<object>', svg('<object data="https://evil.example/x.html" type="text/html"/>'), /^an <object> element$/],
  ['vbscript: in an attribute', svg('<a href="vbscript:msgbox(1)"><text>x</text></a>'), /^a script address vbscript:/],
  ['a DOCTYPE internal subset without entities', `<!DOCTYPE svg [<!ATTLIST svg onload CDATA "alert(1)">]>${svg('<rect/>')}`, /^the DOCTYPE with its internal subset$/]
]

describe('sanitizeSvg: hostile files', () => {
  test.each(HOSTILE)('%s', (_label, input, reason) => {
    const {svg: output, removed} = sanitizeSvg(input)
    const doc = expectInert(output)
    expect(removed.length).toBeGreaterThan(0)
    expect(removed.some((line) => reason.test(line)), removed.join('\n')).toBe(true)
    expect(output).not.toMatch(/alert\(1\)|evil\.example/)
    expect(new Set(removed).size).toBe(removed.length)
    // What was safe around the threat stays.
    if (/<rect /.test(input) && !/<rect[^>]*(?:onclick|style|fill=|cursor)/.test(input)) expect(doc.getElementsByTagName('rect').length).toBeGreaterThan(0)
  })

  test('all of them at once: one file, still inert, every reason listed once', () => {
    const inner = HOSTILE.filter(([, input]) => !/^<(?:\?|!|svg:)/.test(input)).map(([, input]) => input)
    const {svg: output, removed} = sanitizeSvg(svg(inner.join('\n')))
    expectInert(output)
    expect(new Set(removed).size).toBe(removed.length)
    expect(removed).toContain('a <script> element')
    expect(removed).toContain('a <foreignObject> element')
  })

  test('removed names each thing once, in words', () => {
    const {removed} = sanitizeSvg(svg('<script>a()</script><script>b()</script><rect onclick="a()"/><rect onclick="b()"/>', ' onload="c()"'))
    expect(removed).toEqual(['the onload attribute of <svg>', 'a <script> element', 'the onclick attribute of <rect>'])
  })

  test('entities declared in the DOCTYPE are refused, never expanded (XXE)', () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>${svg('<text>&x;</text>')}`
    expect(() => sanitizeSvg(xxe)).toThrow(SvgError)
    expect(() => sanitizeSvg(xxe)).toThrow(/declares entities in its DOCTYPE/)
    const parameter = `<!DOCTYPE svg [<!ENTITY % p SYSTEM "https://evil.example/x.dtd"> %p;]>${svg('<rect/>')}`
    expect(() => sanitizeSvg(parameter)).toThrow(SvgError)
  })

  test('billion laughs and quadratic blow-up finish at once, with an error', () => {
    const levels = Array.from({length: 9}, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')
    const laughs = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY lol "lol">${levels}]>${svg('<text>&lol9;</text>')}`
    const quadratic = `<!DOCTYPE svg [<!ENTITY a "${'a'.repeat(50_000)}">]>${svg(`<text>${'&a;'.repeat(50_000)}</text>`)}`
    for (const input of [laughs, quadratic]) {
      const start = performance.now()
      expect(() => sanitizeSvg(input)).toThrow(SvgError)
      expect(performance.now() - start).toBeLessThan(1000)
    }
  })

  test('deep nesting is refused before parsing, quickly', () => {
    const deep = svg(`${'<g>'.repeat(100_000)}${'</g>'.repeat(100_000)}`)
    const start = performance.now()
    expect(() => sanitizeSvg(deep)).toThrow(/more than 200 levels deep/)
    expect(performance.now() - start).toBeLessThan(1000)
    // Quotes, comments and CDATA do not hide levels from the count, nor add any.
    const hidden = svg(`${'<g title="/>" >'.repeat(300)}${'</g>'.repeat(300)}`)
    expect(() => sanitizeSvg(hidden)).toThrow(/levels deep/)
    const shallow = svg(`${'<!-- <g> --><![CDATA[<g>]]><g/>'.repeat(300)}<g><g/></g>`)
    expectInert(sanitizeSvg(shallow).svg)
  })

  test('pathological but well-formed input is handled in linear time', () => {
    const inputs = [
      svg(`<rect style="${'url('.repeat(100_000)}"/>`),
      `<!DOCTYPE svg>${svg(`<!--${'<!DOCTYPE'.repeat(50_000)}-->`)}`,
      svg(`<rect style="${'\\('.repeat(100_000)}" aria-label="${'\\('.repeat(100_000)}"/><path d="${'M0 0 '.repeat(100_000)}"/>`)
    ]
    for (const input of inputs) {
      const start = performance.now()
      expectInert(sanitizeSvg(input).svg)
      expect(performance.now() - start).toBeLessThan(2000)
    }
  })

  test('files that are not SVG are refused with an SvgError that says why', () => {
    expect(() => sanitizeSvg(`<svg xmlns="${SVG_NS}"><path></svg>`)).toThrow(/^is not well-formed XML \(line 1, column \d+: .+\)$/)
    expect(() => sanitizeSvg('<!doctype html><html><body><svg onload="alert(1)"></svg></body></html>')).toThrow(SvgError)
    expect(() => sanitizeSvg('<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>')).toThrow(/^has no <svg> root element \(its root is <html>\)/)
    expect(() => sanitizeSvg(`<svg xmlns="http://www.w3.org/1999/xhtml"/>`)).toThrow(/has no <svg> root element/)
    expect(() => sanitizeSvg(`<svg xmlns="${SVG_NS}">\u0000<script>alert(1)</script></svg>`)).toThrow(/not well-formed/)
    expect(() => sanitizeSvg('')).toThrow(SvgError)
    expect(() => sanitizeSvg('just text')).toThrow(SvgError)
  })
})

const BENIGN = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generator: a drawing program -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="${SVG_NS}" xmlns:xlink="${XLINK_NS}" version="1.1" viewBox="0 0 200 100" width="200" height="100" role="img" aria-labelledby="title desc" preserveAspectRatio="xMidYMid meet">
  <title id="title">Emissions by sector</title>
  <desc id="desc">A bar chart of emissions by sector, 2024.</desc>
  <defs>
    <linearGradient id="g" x1="0" y1="0" x2="1" y2="1" gradientUnits="objectBoundingBox"><stop offset="0" stop-color="#123456"/><stop offset="1" stop-color="#abcdef" stop-opacity="0.5"/></linearGradient>
    <radialGradient id="r" href="#g" cx="0.5" cy="0.5" r="0.5" gradientTransform="rotate(45)"/>
    <clipPath id="c" clipPathUnits="userSpaceOnUse"><rect x="0" y="0" width="100" height="100"/></clipPath>
    <filter id="f" filterUnits="userSpaceOnUse"><feGaussianBlur in="SourceGraphic" stdDeviation="2" result="b"/><feOffset in="b" dx="1" dy="1"/><feColorMatrix type="saturate" values="0.5"/></filter>
    <marker id="m" markerWidth="4" markerHeight="4" refX="2" refY="2" orient="auto"><path d="M0,0 L4,2 L0,4 z"/></marker>
    <pattern id="p" width="4" height="4" patternUnits="userSpaceOnUse"><circle cx="2" cy="2" r="1"/></pattern>
    <mask id="k"><rect width="10" height="10" fill="white"/></mask>
    <symbol id="a" viewBox="0 0 10 10"><path d="M0 0h10v10z"/></symbol>
  </defs>
  <g id="chart" transform="translate(10 10)" clip-path="url(#c)" filter="url(#f)" mask="url(#k)">
    <rect x="0" y="0" width="50" height="80" fill="url(#g)" stroke="url('#p')" style="fill:url(#g);stroke-width:2"/>
    <path d="M10 10 L90 90" stroke="black" stroke-dasharray="2 1" marker-end="url(#m)"/>
    <use href="#a" x="60" y="0" width="10" height="10"/>
    <use xlink:href="#a" x="80" y="0"/>
    <text x="10" y="95" font-family="sans-serif" font-size="8" text-anchor="start" xml:space="preserve">Energy <tspan font-weight="bold">42%</tspan> &amp; more</text>
    <a href="#title"><text x="100" y="95">Back to the title</text></a>
    <image href="${PNG_DATA}" x="150" y="10" width="20" height="20"/>
    <animateTransform attributeName="transform" type="rotate" values="0;360" dur="10s" repeatCount="indefinite"/>
  </g>
  <ellipse cx="150" cy="50" rx="10" ry="5" fill-opacity="0.4"/>
  <line x1="0" y1="0" x2="10" y2="10" stroke="#000"/>
  <polygon points="0,0 10,0 5,5"/>
  <polyline points="0,0 5,5" fill="none" stroke="currentColor"/>
</svg>
`

describe('sanitizeSvg: benign files', () => {
  test('a clean drawing keeps every element, attribute and text, and nothing is reported', () => {
    const {svg: output, removed} = sanitizeSvg(BENIGN)
    expect(removed).toEqual([])
    const before = new window.DOMParser().parseFromString(BENIGN, 'image/svg+xml')
    const after = expectInert(output)
    expect(shape(after)).toEqual(shape(before))
    expect(after.getElementById('title')?.textContent).toBe('Emissions by sector')
    expect(after.documentElement.getAttribute('viewBox')).toBe('0 0 200 100')
    expect(after.querySelectorAll('use')[1].getAttributeNS(XLINK_NS, 'href')).toBe('#a')
    expect(after.querySelector('image')?.getAttribute('href')).toBe(PNG_DATA)
    expect(output).toContain(`xmlns:xlink="${XLINK_NS}"`)
    expect(output).not.toContain('ns1:')
  })

  test('sanitizing twice changes nothing more', () => {
    const once = sanitizeSvg(BENIGN).svg
    expect(sanitizeSvg(once)).toEqual({svg: once, removed: []})
  })

  test('a file without xmlns, or with an svg: prefix, comes out in the SVG namespace', () => {
    const bare = expectInert(sanitizeSvg('<svg viewBox="0 0 1 1"><rect width="1" height="1"/></svg>').svg)
    expect(elements(bare).map((e) => [e.localName, e.namespaceURI])).toEqual([['svg', SVG_NS], ['rect', SVG_NS]])
    const prefixed = sanitizeSvg(`<svg:svg xmlns:svg="${SVG_NS}" viewBox="0 0 1 1"><svg:circle r="1"/></svg:svg>`)
    expect(prefixed).toEqual({svg: `<svg xmlns="${SVG_NS}" viewBox="0 0 1 1"><circle r="1"/></svg>`, removed: []})
  })

  test('a byte order mark, XML declaration, comments and a DOCTYPE are read and left out', () => {
    const input = `\uFEFF<?xml version="1.0" standalone="no"?>\n<!-- a comment -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n${svg('<!-- inside --><circle r="1"/>')}`
    const {svg: output, removed} = sanitizeSvg(input)
    expect(removed).toEqual([])
    expect(output).toBe(`<svg xmlns="${SVG_NS}" xmlns:xlink="${XLINK_NS}"><circle r="1"/></svg>`)
  })

  test('text that looks like markup stays text; CDATA becomes text', () => {
    const doc = expectInert(sanitizeSvg(svg('<text>a &lt; b &amp;&amp; c &gt; d</text><text><![CDATA[x & y]]></text>')).svg)
    expect([...doc.getElementsByTagName('text')].map((t) => t.textContent)).toEqual(['a < b && c > d', 'x & y'])
  })
})

// Minimal real headers for each kind.
const bytes = (...parts: Array<string | number[]>) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)))
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0])
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0, 1, 1, 0, 0, 1, 0, 1, 0, 0])
const GIF87 = bytes('GIF87a', [1, 0, 1, 0, 0, 0, 0])
const GIF89 = bytes('GIF89a', [1, 0, 1, 0, 0x80, 0, 0])
const WEBP = bytes('RIFF', [0x24, 0, 0, 0], 'WEBP', 'VP8 ', [0x18, 0, 0, 0])
const AVIF = bytes([0, 0, 0, 0x1c], 'ftyp', 'avif', [0, 0, 0, 0], 'avif', 'mif1', 'miaf', [0, 0, 0, 0x20], 'meta')
const AVIF_COMPATIBLE = bytes([0, 0, 0, 0x18], 'ftyp', 'mif1', [0, 0, 0, 0], 'miaf', 'avis', [0, 0, 0, 8], 'free')
const HEIC = bytes([0, 0, 0, 0x18], 'ftyp', 'heic', [0, 0, 0, 0], 'mif1', 'heic')
const text = (value: string) => new TextEncoder().encode(value)

describe('sniffImage', () => {
  test.each([
    ['png', PNG],
    ['jpeg', JPEG],
    ['gif', GIF87],
    ['gif', GIF89],
    ['webp', WEBP],
    ['avif', AVIF],
    ['avif', AVIF_COMPATIBLE],
    ['svg', text(svg('<rect/>'))]
  ] as const)('recognises %s by its bytes', (kind, data) => {
    expect(sniffImage(data)).toBe(kind)
  })

  test.each([
    ['a BOM', `\uFEFF${svg('')}`],
    ['leading whitespace', `\n\t  ${svg('')}`],
    ['an XML declaration', `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n${svg('')}`],
    ['comments', `<!-- one -->\n<!-- <html> two -->${svg('')}`],
    ['a public DOCTYPE', `<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg width="1"/>`],
    ['a bare DOCTYPE', '<!DOCTYPE svg><svg>'],
    ['an xml-stylesheet instruction', `<?xml-stylesheet href="a.css"?>${svg('')}`]
  ])('reads SVG text with %s', (_label, value) => {
    expect(sniffImage(text(value))).toBe('svg')
  })

  test.each([
    ['empty', new Uint8Array()],
    ['plain text', text('hello, world\n')],
    ['HTML', text('<!doctype html><html><body><svg></svg></body></html>')],
    ['HTML starting with <html>', text('<html><svg onload="alert(1)"></svg></html>')],
    ['a <script> first', text('<script>alert(1)</script><svg></svg>')],
    ['XHTML with an XML declaration', text('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><svg/></html>')],
    ['SVG with a NUL byte', text(`${svg('')}\u0000<script>alert(1)</script>`)],
    ['UTF-16 SVG (NUL bytes)', Uint8Array.from(Buffer.from(`\uFEFF${svg('')}`, 'utf16le'))],
    ['upper-case <SVG>', text('<SVG xmlns="http://www.w3.org/2000/svg"/>')],
    ['<svgx>', text('<svgx/>')],
    ['a DOCTYPE internal subset', text(`<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>${svg('&x;')}`)],
    ['a cut-off PNG signature', PNG.subarray(0, 4)],
    ['a RIFF WAVE file', bytes('RIFF', [0x24, 0, 0, 0], 'WAVE', 'fmt ')],
    ['a HEIC file', HEIC],
    ['an ftyp box too short for brands', bytes([0, 0, 0, 8], 'ftyp', 'avif', [0, 0, 0, 0])],
    ['a PDF', text('%PDF-1.7\n')]
  ])('rejects %s', (_label, data) => {
    expect(sniffImage(data)).toBeUndefined()
  })
})

describe('checkImageFile', () => {
  test('EXTENSIONS lists each kind’s extensions, the usual one first', () => {
    expect(EXTENSIONS).toEqual({png: ['.png'], jpeg: ['.jpg', '.jpeg'], gif: ['.gif'], webp: ['.webp'], avif: ['.avif'], svg: ['.svg']})
  })

  test.each([
    ['images/chart.png', PNG, 'png'],
    ['photo.JPG', JPEG, 'jpeg'],
    ['photo.jpeg', JPEG, 'jpeg'],
    ['anim.Gif', GIF89, 'gif'],
    ['x.webp', WEBP, 'webp'],
    ['x.AVIF', AVIF, 'avif'],
    ['map.SVG', text(svg('')), 'svg']
  ] as const)('accepts %s', (file, data, kind) => {
    expect(checkImageFile(file, data)).toEqual({kind})
  })

  test('a mismatched extension says which kind it holds and what to rename it to', () => {
    expect(checkImageFile('chart.jpg', PNG)).toEqual({problem: 'holds a PNG image but is named `.jpg`: rename it to `.png`'})
    expect(checkImageFile('photo.png', JPEG)).toEqual({problem: 'holds a JPEG image but is named `.png`: rename it to `.jpg`'})
    expect(checkImageFile('map.png', text(svg('')))).toEqual({problem: 'holds an SVG image but is named `.png`: rename it to `.svg`'})
    expect(checkImageFile('picture', AVIF)).toEqual({problem: 'holds an AVIF image but has no extension: rename it to `.avif`'})
  })

  test('HTML, text and empty files are not images, whatever their name', () => {
    const html = text('<!doctype html><script>alert(document.domain)</script>')
    const notImage = {problem: 'is not an image file (briefdeck publishes only PNG, JPEG, GIF, WebP, AVIF and SVG images)'}
    expect(checkImageFile('x.svg', html)).toEqual(notImage)
    expect(checkImageFile('x.png', html)).toEqual(notImage)
    expect(checkImageFile('notes.txt', text('hello'))).toEqual(notImage)
    expect(checkImageFile('x.png', new Uint8Array())).toEqual({problem: 'is empty (briefdeck publishes only PNG, JPEG, GIF, WebP, AVIF and SVG images)'})
  })

  test('an SVG whose DOCTYPE has an internal subset gets its own advice', () => {
    const result = checkImageFile('logo.svg', text(`<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "svg11.dtd" [<!ENTITY ns_svg "${SVG_NS}">]>\n<svg xmlns="&ns_svg;"/>`))
    expect(result).toEqual({problem: expect.stringMatching(/DOCTYPE has an internal subset.*delete the `\[…\]` part/)})
  })
})

describe('in Chromium, opened directly as a file', () => {
  test('the raw hostile SVG runs script; the sanitized one does not', {timeout: 60_000}, async () => {
    // Ends in `void 0`: a javascript: link that yields a string would replace the document with it.
    const record = (what: string) => `(window.ran = window.ran || []).push('${what}'); document.title = 'ran'; void 0`
    const hostile = svg(
      [
        `<script>${record('script')}</script>`,
        `<script><![CDATA[ ${record('cdata-script')} ]]></script>`,
        `<image href="missing.png" width="1" height="1" onerror="${record('image-onerror')}"/>`,
        `<foreignObject width="10" height="10"><img xmlns="http://www.w3.org/1999/xhtml" src="missing.png" onerror="${record('html-onerror')}"/></foreignObject>`,
        `<a href="javascript:${record('link')}"><text id="t" y="10">click</text></a>`,
        '<rect width="10" height="10"/>'
      ].join('\n'),
      ` onload="${record('onload')}"`
    )
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-svg-'))
    fs.writeFileSync(path.join(dir, 'raw.svg'), hostile)
    const {svg: sanitized, removed} = sanitizeSvg(hostile)
    expect(removed.length).toBeGreaterThan(0)
    fs.writeFileSync(path.join(dir, 'sanitized.svg'), sanitized)

    const browser = await chromium.launch({executablePath: findBrowser(), args: BROWSER_ARGS})
    try {
      const run = async (name: string) => {
        const page = await browser.newPage()
        const dialogs: string[] = []
        page.on('dialog', (dialog) => {
          dialogs.push(dialog.message())
          void dialog.dismiss().catch(() => undefined)
        })
        await page.goto(pathToFileURL(path.join(dir, name)).href, {waitUntil: 'load'})
        await page.waitForTimeout(200)
        await page.click('#t', {timeout: 2000}).catch(() => undefined)
        await page.waitForTimeout(100)
        const seen = await page.evaluate(() => ({
          ran: (window as unknown as {ran?: string[]}).ran ?? [],
          title: document.title,
          root: document.documentElement.namespaceURI
        }))
        await page.close()
        return {...seen, dialogs}
      }
      const raw = await run('raw.svg')
      expect(raw.root).toBe(SVG_NS)
      expect(raw.ran).toEqual(expect.arrayContaining(['script', 'cdata-script', 'onload', 'html-onerror', 'link']))
      expect(raw.title).toBe('ran')
      const clean = await run('sanitized.svg')
      expect(clean.root).toBe(SVG_NS)
      expect(clean).toEqual({ran: [], title: '', root: SVG_NS, dialogs: []})
    } finally {
      await browser.close()
    }
  })
})

describe('readImageFile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-read-image-'))
  const write = (name: string, content: Uint8Array | string) => {
    fs.writeFileSync(path.join(dir, name), content)
    return path.join(dir, name)
  }
  const big = (head: Uint8Array) => Buffer.concat([head, Buffer.alloc(3 * HEAD_BYTES, 7)])

  test('a large raster image is read only as far as its kind shows, and checked the same as when read whole', () => {
    const file = write('photo.png', big(PNG))
    const read = readImageFile(file)
    expect(read.length).toBe(HEAD_BYTES)
    expect(checkImageFile(file, read)).toEqual(checkImageFile(file, fs.readFileSync(file)))
    expect(checkImageFile(write('photo.jpg', big(PNG)), read)).toEqual({problem: 'holds a PNG image but is named `.jpg`: rename it to `.png`'})
  })

  test('an SVG, a file of no known kind and a small file are read whole', () => {
    const svg = write('drawing.svg', `<svg xmlns="http://www.w3.org/2000/svg">${'<g/>'.repeat(HEAD_BYTES)}</svg>`)
    expect(readImageFile(svg).equals(fs.readFileSync(svg))).toBe(true)
    const other = write('notes.png', 'x'.repeat(2 * HEAD_BYTES))
    expect(readImageFile(other).length).toBe(2 * HEAD_BYTES)
    const small = write('dot.png', PNG)
    expect(readImageFile(small).equals(Buffer.from(PNG))).toBe(true)
    expect(readImageFile(write('empty.png', ''))).toHaveLength(0)
  })
})
