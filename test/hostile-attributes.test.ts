/**
 * Attributes that hide things: control characters and line breaks (decoded
 * from `&#10;`), invisible and bidi-control characters, names written twice,
 * `__proto__`, keys that differ only in Unicode normalisation, and addresses a
 * browser reads differently from how they look. And the remark plugin's own
 * contract: a pipeline without rehype-sanitize gets no unsafe address from us.
 */
import {fromHtml} from 'hast-util-from-html'
import {selectAll} from 'hast-util-select'
import rehypeStringify from 'rehype-stringify'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, test} from 'vitest'
import remarkBriefdeck from '../src/remark/index.js'
import {analyze} from './helpers.js'

const HEAD = '---\ntitle: T\n---\n\n::source{#ab title="A"}\n::credit{#c author="X" license="CC0-1.0"}\n\n'

function messages(body: string): Array<{place: string; rule: string; reason: string; fatal: boolean | undefined}> {
  const file = new VFile({path: '/tmp/briefdeck-hostile/brief.md', value: HEAD + body})
  analyze(file, {root: '/tmp/briefdeck-hostile', files: false})
  return file.messages.map((message) => ({
    place: `${message.line}:${message.column}`,
    rule: String(message.ruleId),
    reason: message.reason,
    fatal: message.fatal ?? undefined
  }))
}

const ruleAt = (body: string, rule: string) => messages(body).filter((message) => message.rule === rule)

describe('control characters and line breaks in attributes are errors at the value', () => {
  const cases: Array<[string, string]> = [
    ['::figure{src="x.png" alt="a" caption="one&#10;two" credit=c}', 'caption'],
    ['::figure{src="x.png" alt="a" layout="bg&#10;<style>h1{color:red}</style>" credit=c}', 'layout'],
    ['::figure{src="x.png" alt="a" layout="x&#13;---" credit=c}', 'layout'],
    ['Text :cite[ab]{loc="p. 4&#10;<!-- _class: evil -->"}', 'loc'],
    ['::figure{src="x.png" alt="tab&#9;here" credit=c}', 'alt'],
    ['::figure{src="x.png" alt="a&#x2028;b" credit=c}', 'alt'],
    ['::figure{src="x.png" alt="a\u0085b" credit=c}', 'alt'],
    ['::figure{src="&#1;javascript:alert(1)" alt="a" credit=c}', 'src'],
    ['::credit{#d author="Y&#10;---" license="CC0-1.0"}\n\n::figure{src="x.png" alt="a" credit=d}', 'author']
  ]
  test.each(cases)('%s', (body, name) => {
    const found = ruleAt(body, 'attribute-control-character')
    expect(found, JSON.stringify(messages(body))).toHaveLength(1)
    expect(found[0].fatal).toBe(true)
    expect(found[0].reason).toContain(`\`${name}\``)
    // The place is the value, on the annotation's line (line 9: after the front matter and the definitions).
    const lines = (HEAD + body).split('\n')
    const line = lines.length - [...lines].reverse().findIndex((text) => text.includes(`${name}=`))
    expect(found[0].place.startsWith(`${line}:`)).toBe(true)
    const column = Number(found[0].place.split(':')[1])
    expect((HEAD + body).split('\n')[line - 1].slice(column - 1)).toMatch(/^"/)
  })
})

describe('invisible characters', () => {
  test('a zero-width space in a key is an error, so `ab` and `a\u200Bb` cannot be two sources', () => {
    const found = ruleAt('::source{#a\u200Bb title="B"}\n\nText :cite[ab].', 'hidden-character')
    expect(found).toHaveLength(1)
    expect(found[0].place).toBe('8:10')
    expect(found[0].reason).toContain('U+200B')
  })
  test.each([
    ['\u202E', 'right-to-left override'],
    ['\u2066', 'left-to-right isolate'],
    ['\uFEFF', 'zero width no-break space'],
    ['\u2060', 'word joiner']
  ])('%j in a caption is an error naming it', (character, name) => {
    const found = ruleAt(`::figure{src="x.png" alt="a" caption="price 10${character}0 EUR" credit=c}`, 'hidden-character')
    expect(found).toHaveLength(1)
    expect(found[0].reason).toContain(name)
  })
  test.each(['\u200D', '\u200C', '\u200E', '\u200F'])('%j, which right-to-left text and other scripts need, is fine in prose but not in a key', (character) => {
    expect(ruleAt(`::figure{src="x.png" alt="a${character}b" credit=c}`, 'hidden-character')).toEqual([])
    expect(ruleAt(`::credit{#k${character}x author="Y" license="CC0-1.0"}`, 'hidden-character')).toHaveLength(1)
  })
  test('a hidden character in a `:cite` key is an error', () => {
    expect(ruleAt('Text :cite[a\u200Db].', 'hidden-character')).toHaveLength(1)
  })
})

describe('attribute names', () => {
  test('an attribute written twice is an error at the second', () => {
    const found = ruleAt('::figure{src="x.png" alt="first" alt="second" credit=c}', 'duplicate-attribute')
    expect(found).toHaveLength(1)
    expect(found[0].place).toBe('8:34')
    expect(ruleAt('::source{#k #k2 title="B"}', 'duplicate-attribute')).toHaveLength(1)
    expect(ruleAt('::source{#k id="k2" title="B"}', 'duplicate-attribute')).toHaveLength(1)
  })
  test('a label with brackets and braces of its own does not hide the attribute block', () => {
    const body = '::figure[see [x] {alt="q"}]{src="x.png" alt="pic" credit=c src="y.png" __proto__="x"}'
    expect(ruleAt(body, 'duplicate-attribute')).toHaveLength(1)
    expect(ruleAt(body, 'unknown-attribute')).toHaveLength(1)
  })
  test.each(['__proto__', 'constructor', 'prototype', 'hasOwnProperty'])('`%s="x"` is reported, not dropped', (name) => {
    const found = ruleAt(`::figure{src="x.png" alt="a" ${name}="x" credit=c}`, 'unknown-attribute')
    expect(found).toHaveLength(1)
    expect(found[0].reason).toContain(name)
  })
})

describe('keys are compared in Unicode NFC', () => {
  test('a key typed decomposed matches one typed composed', () => {
    const composed = 'caf\u00E9'
    const decomposed = 'cafe\u0301'
    expect(messages(`::source{#${composed} title="B"}\n\nText :cite[${decomposed}].`).filter((message) => message.fatal)).toEqual([])
    expect(ruleAt(`::source{#${composed} title="B"}\n::source{#${decomposed} title="C"}`, 'duplicate-key')).toHaveLength(1)
    expect(messages(`::credit{#${decomposed} author="Y" license="CC0-1.0"}\n\n::figure{src="x.png" alt="a" credit=${composed}}`).filter((message) => message.fatal)).toEqual([])
  })
})

describe('protocol-relative addresses are other sites', () => {
  test.each(['//evil.example/x', '/\\evil.example/x', ' //evil.example/x'])('link %j', (url) => {
    const found = ruleAt(`[read](<${url}>)`, 'unsafe-url')
    expect(found).toHaveLength(1)
    expect(found[0].reason).toContain('https://evil.example/x')
  })
  test.each(['//evil.example/x.png', '/\\evil.example/x.png'])('image %j', (url) => {
    expect(ruleAt(`::figure{src="${url}" alt="a" credit=c}`, 'invalid-src')).toHaveLength(1)
    expect(ruleAt(`![a](<${url}>)`, 'invalid-src')).toHaveLength(1)
  })
  test('a relative link is still fine', () => {
    expect(ruleAt('[read](other/page.html) [up](../x.html#a)', 'unsafe-url')).toEqual([])
  })
})

describe('the remark plugin without rehype-sanitize emits no unsafe address', () => {
  const hostile = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    '&#1;javascript:alert(1)',
    'java&#9;script:alert(1)',
    'java&#10;script:alert(1)',
    '&#x6A;avascript:alert(1)',
    'javascript&colon;alert(1)',
    ' javascript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    '//evil.example/x',
    '/\\evil.example/x'
  ]
  const page = (url: string) =>
    `---\ntitle: T\n---\n\n::source{#s title="S" url="${url}"}\n::credit{#c author="A" url="${url}" license="CC0-1.0"}\n\n` +
    `::figure{src="${url}" alt="a" credit=c}\n\nText :cite[s] [link](<${url.replace(/&#10;/g, '')}>) ![img](<${url.replace(/&#10;/g, '')}>)\n\n::sources\n\n::credits\n`

  function isSafe(value: string): boolean {
    const seen = value.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '')
    if (/^[/\\]{2}/.test(seen)) return false
    const scheme = /^([a-z][a-z\d+.-]*):/i.exec(seen)?.[1]?.toLowerCase()
    return scheme === undefined || scheme === 'https' || scheme === 'http' || scheme === 'mailto'
  }

  test('the harness sees an unsafe address when one gets through', () => {
    const html = String(unified().use(remarkParse).use(remarkRehype).use(rehypeStringify).processSync('[x](javascript:alert(1))'))
    const hrefs = selectAll('[href]', fromHtml(html, {fragment: true})).map((element) => String(element.properties.href))
    expect(hrefs.some((href) => !isSafe(href))).toBe(true)
  })

  test.each(hostile)('%j', async (url) => {
    const file = await unified()
      .use(remarkParse)
      .use(remarkBriefdeck, {files: false})
      .use(remarkRehype)
      .use(rehypeStringify)
      .process(new VFile({path: '/tmp/page.md', value: page(url)}))
    expect(file.messages.some((message) => message.fatal)).toBe(true)
    const tree = fromHtml(String(file), {fragment: true})
    const addresses = [
      ...selectAll('[href]', tree).map((element) => String(element.properties.href)),
      ...selectAll('[src]', tree).map((element) => String(element.properties.src))
    ]
    expect(addresses.filter((address) => !isSafe(address)), String(file)).toEqual([])
    // Nor in any other attribute of any element.
    const values = selectAll('*', tree).flatMap((element) => Object.values(element.properties).map(String))
    expect(values.filter((value) => /javascript|vbscript|evil\.example|etc\/passwd|text\/html/i.test(value))).toEqual([])
  })
})
