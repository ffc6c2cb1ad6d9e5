/**
 * The example brief builds with exactly the expected warnings, and what a
 * reader opens shows its quotes, citations and credits.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fromHtml} from 'hast-util-from-html'
import {beforeAll, describe, expect, test} from 'vitest'
import {build, type BuildResult} from '../src/pipeline/build.js'
import {all, messageLines, one, REPO, slides, slideText, text} from './helpers.js'

const SEED = 'decks/russia-iran-partnership.md'
let out: string
let result: BuildResult
const read = (name: string) => fs.readFileSync(path.join(out, name), 'utf8')
const page = (name: string) => fromHtml(read(name))

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-seed-'))
  result = await build({root: REPO, paths: [SEED], out: out})
})

describe('the example brief', () => {
  test('builds with no errors and exactly the expected warnings', () => {
    expect(result.errors).toBe(0)
    const [brief] = result.briefs
    expect(brief.ok).toBe(true)
    const file = brief.file
    expect(messageLines(file)).toEqual(['15:1 warning credit-missing-author', '17:1 warning credit-missing-license'])
    expect(file.messages[0].reason).toContain('#photo-strikes')
    expect(file.messages[1].reason).toContain('#photo-situation-room')
  })

  test('writes deck.html, deck.md, handout.html, its images and the index', () => {
    for (const name of ['index.html', 'russia-iran-partnership/deck.html', 'russia-iran-partnership/deck.md', 'russia-iran-partnership/handout.html']) {
      expect(fs.existsSync(path.join(out, name)), name).toBe(true)
    }
    for (const image of ['partners.svg', 'coalition.svg', 'network.svg']) {
      const copied = path.join(out, 'russia-iran-partnership/assets/decks/images', image)
      // Published as sanitized SVG: the example's own drawings are clean, so only the final line break goes.
      expect(fs.readFileSync(copied, 'utf8')).toBe(fs.readFileSync(path.join(REPO, 'decks/images', image), 'utf8').trimEnd())
    }
  })

  test('the index lists the brief with links to its deck and handout', () => {
    const index = page('index.html')
    const item = one(index, 'li.brief')
    expect(text(one(item, '.brief-title'))).toBe('Russia-Iran Partnership Can Bring U.S.’s European, Middle Eastern Allies Closer')
    expect(text(one(item, '.subtitle'))).toContain('April 14 coalition')
    expect(one(item, 'a.deck-link').properties.href).toBe('russia-iran-partnership/deck.html')
    expect(one(item, 'a.handout-link').properties.href).toBe('russia-iran-partnership/handout.html')
  })

  test('the deck has the argument as slides, with its three quotes and numbered citations', () => {
    const deck = page('russia-iran-partnership/deck.html')
    const texts = slides(deck).map(slideText)
    expect(texts[0]).toContain('Russia-Iran Partnership Can Bring')
    for (const heading of ['Two adversaries, one aim', 'April 14: a coalition held', 'What Russia and Iran give each other', 'Why allies hesitate', 'Recommendation: build the network']) {
      expect(texts.some((t) => t.includes(heading)), heading).toBe(true)
    }
    const quotes = all(deck, 'figure.quote')
    expect(quotes).toHaveLength(3)
    expect(quotes.map((quote) => text(one(quote, 'figcaption')))).toEqual([
      '— Institute for the Study of War 2',
      '— Dana Stroul, former U.S. Deputy Assistant Secretary of Defense for the Middle East 3',
      '— Institute for the Study of War 4'
    ])
    const sources = slides(deck).find((slide) => slideText(slide).startsWith('Sources'))
    expect(all(sources, 'li').map(text)[1]).toBe('“Why You Can’t be an Iran Hawk and a Russia Dove”, Institute for the Study of War, April 18, 2024.')
    const credits = slides(deck).filter((slide) => slideText(slide).startsWith('Image credits'))
    const creditItems = credits.flatMap((slide) => all(slide, 'li').map(text))
    expect(creditItems).toHaveLength(7)
    expect(creditItems[0]).toBe('“Meeting between Putin and Khamenei 2” by khamenei.ir is licensed under CC BY 4.0.')
    expect(creditItems[1]).toBe('“2024 Iranian strikes in Israel” by Unknown author is licensed under CC BY 4.0.')
    expect(creditItems[3]).toBe('Untitled photo by The White House via Flickr. Licence not stated.')
  })

  test('speaker notes reach the deck notes view', () => {
    const deck = page('russia-iran-partnership/deck.html')
    const notes = JSON.parse(text(one(deck, 'script#bd-speaker-notes'))) as string[]
    expect(notes[1]).toContain('these are not two separate regional problems')
  })

  test('the handout has the full prose, endnotes and image credits', () => {
    const handout = page('russia-iran-partnership/handout.html')
    const article = one(handout, 'article')
    expect(text(article)).toContain('Iran’s unprecedented attack on Israel last month, which followed Russia’s blueprint in Ukraine')
    expect(text(article)).not.toContain('indicates required fields')
    expect(text(article)).not.toContain('share this')
    expect(all(article, 'figure.quote')).toHaveLength(3)
    expect(all(article, 'section.endnotes li')).toHaveLength(4)
    expect(all(article, 'section.credits li').map(text)).toContain(
      '“Kyiv after Russian drone attack, 2022-10-17 (54)” by Main Directorate of the State Emergency Service of Ukraine in Kyiv is licensed under CC BY 4.0.'
    )
    expect(all(article, 'figure.figure img').map((img) => img.properties.src)).toEqual([
      'assets/decks/images/partners.svg',
      'assets/decks/images/coalition.svg',
      'assets/decks/images/network.svg'
    ])
  })
})
