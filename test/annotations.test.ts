/**
 * Each annotation in both outputs, checked by querying the HTML a reader gets.
 */
import {describe, expect, test} from 'vitest'
import {all, brief, buildBrief, one, slides, slideText, tempProject, text} from './helpers.js'

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'

function notesOf(deck: Parameters<typeof one>[0]): string[] {
  const json = one(deck, 'script#bd-speaker-notes')
  return JSON.parse(text(json)) as string[]
}

describe('citations and sources', () => {
  const source = brief(`::source{#b title="Report B" author="Author B" publisher="Pub B" date="2024-04-18" url="https://example.org/b"}
::source{#a title="Report A" publisher="Pub A"}

First claim:cite[b]. Second claim:cite[a, b]{loc="p. 4"}.

---

Again:cite[a].
`)

  test('numbers follow first citation and are the same in deck and handout', async () => {
    const {deck, handout, markdown} = await buildBrief(source)
    const deckNumbers = all(deck, 'sup.citation').map(text)
    expect(deckNumbers).toEqual(['1', '2; 1, p. 4', '2'])
    const handoutCitations = all(handout, 'sup.citation')
    expect(handoutCitations.map((sup) => all(sup, 'a').map(text))).toEqual([['1'], ['2', '1'], ['2']])
    expect(text(handoutCitations[1])).toContain('p. 4')
    expect(markdown).toContain('<sup class="citation">1</sup>')
  })

  test('handout citations link to numbered endnotes that link back', async () => {
    const {handout} = await buildBrief(source)
    const first = one(handout, 'sup.citation a')
    expect(first.properties.href).toBe('#bd-note-1')
    const note = one(handout, 'section.endnotes li#bd-note-1')
    expect(text(note)).toContain('Author B, “Report B”, Pub B, April 18, 2024.')
    expect(one(note, 'a.url').properties.href).toBe('https://example.org/b')
    const backlinks = all(note, 'a[role="doc-backlink"]').map((a) => String(a.properties.href))
    expect(backlinks).toEqual(['#bd-cite-ref-1', '#bd-cite-ref-2'])
    for (const href of backlinks) expect(all(handout, `[id="${href.slice(1)}"]`)).toHaveLength(1)
    expect(one(handout, 'section.endnotes li#bd-note-2').properties.value).toBe('2')
  })

  test('the deck gets a Sources slide with the same numbers', async () => {
    const {deck} = await buildBrief(source)
    const last = slides(deck).at(-1)
    expect(last).toBeDefined()
    const items = all(last, 'ol > li').map(text)
    expect(items[0]).toContain('Author B, “Report B”')
    expect(items[1]).toContain('“Report A”, Pub A')
    expect(one(last, 'ol').properties.start ?? 1).toBe(1)
  })

  test('a long source list is split over several slides, numbering continued', async () => {
    const defs = Array.from({length: 8}, (_, i) => `::source{#s${i} title="Source ${i}"}`).join('\n')
    const cites = Array.from({length: 8}, (_, i) => `:cite[s${i}]`).join(' ')
    const {deck} = await buildBrief(brief(`${defs}\n\nText ${cites}\n\n---\n\n::sources\n`))
    const sourceSlides = slides(deck).filter((slide) => /Sources/.test(slideText(slide)))
    expect(sourceSlides).toHaveLength(2)
    expect(text(one(sourceSlides[1], 'h2'))).toBe('Sources (continued)')
    expect(one(sourceSlides[1], 'ol').properties.start).toBe(7)
    expect(all(sourceSlides[1], 'li').map(text)).toEqual(['“Source 6”.', '“Source 7”.'])
  })

  test('::sources places the list where it is written', async () => {
    const {handout} = await buildBrief(
      brief('::source{#a title="A"}\n\nClaim:cite[a].\n\n::sources\n\n## After the notes\n\nClosing words.\n')
    )
    const article = one(handout, 'article')
    const order = all(article, 'section.endnotes, h2').map((node) => (node.tagName === 'section' ? 'notes' : text(node)))
    expect(order).toEqual(['notes', 'Notes', 'After the notes'])
  })
})

describe('quotes', () => {
  const source = brief(`::source{#isw title="Why You Can’t be an Iran Hawk and a Russia Dove" publisher="Institute for the Study of War"}
::source{#st title="Remarks" author="Dana Stroul"}

:::quote{by="Dana Stroul" role="former Deputy Assistant Secretary" source=st loc="p. 2"}
The U.S. military is **capable** of operationally integrating its partners.
:::

---

:::quote{source=isw}
Iran’s fortunes rise and fall with Russia’s.
:::
`)

  test('deck: a pull quote with attribution and citation number', async () => {
    const {deck} = await buildBrief(source)
    const [first, second] = all(deck, 'figure.quote')
    expect(text(one(first, 'blockquote'))).toBe('The U.S. military is capable of operationally integrating its partners.')
    expect(one(first, 'blockquote strong')).toBeTruthy()
    expect(text(one(first, 'figcaption'))).toBe('— Dana Stroul, former Deputy Assistant Secretary 1, p. 2')
    expect(text(one(second, 'figcaption'))).toBe('— Institute for the Study of War 2')
  })

  test('handout: figure > blockquote + figcaption with <cite> and the endnote link', async () => {
    const {handout} = await buildBrief(source)
    const quotes = all(handout, 'figure.quote')
    expect(quotes).toHaveLength(2)
    const [first, second] = quotes
    expect(one(first, 'figure > blockquote')).toBeTruthy()
    expect(text(one(first, 'figcaption > cite'))).toBe('Remarks')
    expect(text(one(first, 'figcaption .attribution'))).toBe('— Dana Stroul, former Deputy Assistant Secretary')
    expect(one(first, 'figcaption sup.citation a').properties.href).toBe('#bd-note-1')
    // Without `by`, the attribution names the source's author, else its publisher.
    expect(text(one(second, 'figcaption .attribution'))).toBe('— Institute for the Study of War')
    expect(text(one(second, 'figcaption > cite'))).toBe('Why You Can’t be an Iran Hawk and a Russia Dove')
  })
})

describe('figures and credits', () => {
  const project = () => tempProject({'decks/images/photo.svg': SVG})
  const source = brief(`::credit{#putin title="Meeting between Putin and Khamenei 2" author="khamenei.ir" url="https://example.org/photo" license="CC-BY-4.0"}
::credit{#unused title="Kyiv after Russian drone attack" license="CC-BY-SA-4.0"}
::credit{#wh author="The White House" via="Flickr"}

::figure{src="images/photo.svg" alt="Putin and Khamenei at a table" caption="Tehran, 2022." credit=putin layout="w:400"}

---

::figure{src="images/photo.svg" alt="A full-bleed photo" credit=wh layout="bg right:40%"}
`)

  test('deck: the image laid out by `layout` with a short credit line', async () => {
    const {deck, markdown} = await buildBrief(source, {root: project()})
    const [, first, second] = slides(deck)
    const img = one(first, 'img')
    expect(img.properties.src).toBe('assets/decks/images/photo.svg')
    expect(img.properties.alt).toBe('Putin and Khamenei at a table')
    expect(String(img.properties.style)).toContain('width:400px')
    expect(text(one(first, 'small.credit'))).toBe('Photo: khamenei.ir, CC BY 4.0')
    expect(text(one(first, '.caption'))).toBe('Tehran, 2022.')
    // Background layout: Marp's split background, the alt text as its caption, the credit still on the slide.
    expect(one(second, 'section[data-marpit-advanced-background-split="right"]')).toBeTruthy()
    expect(text(one(second, 'figure figcaption'))).toBe('A full-bleed photo')
    expect(text(one(second, 'small.credit'))).toBe('Photo: The White House')
    expect(markdown).toContain('![bg right:40% A full-bleed photo](assets/decks/images/photo.svg)')
  })

  test('handout: a figure with caption and the full TASL attribution, linked', async () => {
    const {handout} = await buildBrief(source, {root: project()})
    const figure = one(handout, 'figure.figure')
    expect(one(figure, 'img').properties).toMatchObject({src: 'assets/decks/images/photo.svg', alt: 'Putin and Khamenei at a table'})
    expect(text(one(figure, '.caption'))).toBe('Tehran, 2022.')
    const credit = one(figure, '.credit')
    expect(text(credit)).toBe('“Meeting between Putin and Khamenei 2” by khamenei.ir is licensed under CC BY 4.0.')
    const links = all(credit, 'a')
    expect(links.map((a) => [text(a), a.properties.href])).toEqual([
      ['“Meeting between Putin and Khamenei 2”', 'https://example.org/photo'],
      ['CC BY 4.0', 'https://creativecommons.org/licenses/by/4.0/']
    ])
  })

  test('the credits list shows every credit, used or not, with unknown authors and licences said', async () => {
    const {handout, deck} = await buildBrief(source, {root: project()})
    const items = all(handout, 'section.credits li').map(text)
    expect(items).toEqual([
      '“Meeting between Putin and Khamenei 2” by khamenei.ir is licensed under CC BY 4.0.',
      '“Kyiv after Russian drone attack” by Unknown author is licensed under CC BY-SA 4.0.',
      'Untitled photo by The White House via Flickr. Licence not stated.'
    ])
    const creditSlide = slides(deck).find((slide) => /Image credits/.test(slideText(slide)))
    expect(all(creditSlide, 'li').map(text)).toEqual(items)
  })
})

describe('notes and view-only content', () => {
  const source = brief(`## Slide one

:::notes
Say this **aloud**.
:::

:::handout
Only in the handout.
:::

:::slides
Only on the slides.
:::
`)

  test('speaker notes go to the deck notes, not the article', async () => {
    const {deck, handout, markdown} = await buildBrief(source)
    expect(notesOf(deck)[1]).toBe('Say this **aloud**.')
    expect(markdown).toContain('<!--\nSay this **aloud**.\n-->')
    expect(text(handout)).not.toContain('Say this')
  })

  test(':::handout and :::slides show in one view each', async () => {
    const {deck, handout} = await buildBrief(source)
    const deckText = slides(deck).map(slideText).join(' ')
    expect(deckText).toContain('Only on the slides.')
    expect(deckText).not.toContain('Only in the handout.')
    expect(text(one(handout, 'article'))).toContain('Only in the handout.')
    expect(text(one(handout, 'article'))).not.toContain('Only on the slides.')
  })
})

describe('text that only looks like a directive', () => {
  test('10:30, U.S.: and 3:1 come out exactly as written in both outputs', async () => {
    const line = 'At 10:30 the U.S.:x team met; the ratio was 3:1 (see 1:3 and 2024-04-14T10:30:00Z).'
    const {deck, handout, markdown, file} = await buildBrief(brief(line))
    expect(file.messages).toEqual([])
    expect(slides(deck).map(slideText).join(' ')).toContain(line)
    expect(text(one(handout, 'article > p'))).toBe(line)
    expect(markdown).toContain(line)
  })
})

describe('Marp syntax passes through', () => {
  const source = brief(`<!-- _class: lead -->

# Lead slide

![bg right:40%](images/photo.svg)

---

![w:300 A bar chart of exports](images/photo.svg)
`)

  test('deck.md keeps Marp directives and image keywords; the deck applies them', async () => {
    const {deck, markdown} = await buildBrief(source, {root: tempProject({'decks/images/photo.svg': SVG})})
    expect(markdown).toContain('<!-- _class: lead -->')
    expect(markdown).toContain('![bg right:40%](assets/decks/images/photo.svg)')
    expect(markdown).toContain('![w:300 A bar chart of exports](assets/decks/images/photo.svg)')
    const [, lead] = slides(deck)
    expect(all(lead, 'section.lead').length).toBeGreaterThan(0)
  })

  test('the handout ignores directives and shows the real alt text', async () => {
    const {handout} = await buildBrief(source, {root: tempProject({'decks/images/photo.svg': SVG})})
    const alts = all(handout, 'article figure.figure > img').map((img) => img.properties.alt)
    expect(alts).toEqual(['', 'A bar chart of exports'])
    expect(all(handout, 'article .lead')).toHaveLength(0)
  })
})

describe('raw HTML in a brief is not trusted', () => {
  const source = brief(`Hello <img src="x.png" onerror="alert(1)"> there.

<script>alert(2)</script>

<a href="javascript:alert(3)">click</a>

<a href="https://example.org" onclick="alert(4)">ok</a>
`)

  test('the handout keeps no script, handler or javascript: URL', async () => {
    const {handout} = await buildBrief(source)
    const article = one(handout, 'article')
    expect(all(article, 'script')).toHaveLength(0)
    expect(all(article, '[onerror], [onclick]')).toHaveLength(0)
    expect(all(article, 'article > p a').map((a) => a.properties.href)).toEqual([undefined, 'https://example.org'])
    expect(text(article)).not.toContain('alert(2)')
  })

  test('the deck keeps marp-core’s allowlist: no brief script, no handler', async () => {
    const {deck} = await buildBrief(source)
    const main = one(deck, 'main')
    expect(all(main, '[onerror], [onclick]')).toHaveLength(0)
    const scripts = all(deck, 'script').map(text)
    expect(scripts.some((script) => script.includes('alert('))).toBe(false)
  })
})

describe('styles from a brief', () => {
  test('are removed from both outputs by default', async () => {
    const {markdown, deck, handout, file} = await buildBrief(
      brief('<style>\nsection { background: url(https://tracker.example/p.png) }\n</style>\n\n<!-- _style: "h1 { color: red }" -->\n\n# Title\n')
    )
    expect(file.messages.map((m) => m.ruleId)).toEqual(['style-removed', 'style-removed'])
    expect(markdown).not.toContain('tracker.example')
    expect(markdown).not.toContain('_style')
    expect(JSON.stringify(deck)).not.toContain('tracker.example')
    expect(JSON.stringify(handout)).not.toContain('tracker.example')
  })
})

test('a data: raster image shows in both outputs; other data: URLs are errors', async () => {
  const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='
  const {deck, handout} = await buildBrief(brief(`![A dot](${png})\n`))
  expect(one(handout, 'article figure img').properties.src).toBe(png)
  expect(all(deck, 'img').some((img) => img.properties.src === png)).toBe(true)
  const bad = await buildBrief(brief('![A page](data:text/html;base64,PHNjcmlwdD4=)\n'))
  expect(bad.file.messages.map((m) => m.ruleId)).toContain('invalid-src')
})
