/**
 * Every way Marp splits slides works in every output: `---`, `***` and `___`,
 * `headingDivider` (a level, a list of levels, or a directive in the body),
 * and slides made of directives only. For each fixture in fixtures/slides/,
 * deck.html, stock marp-cli on deck.md, the notes handout and the slides
 * handout have the same slides with the same text; speaker notes and handout
 * text sit beside the slide they belong to; and the plan's source lines point
 * at the slide's first line in the brief.
 */
import {execFile} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {promisify} from 'node:util'
import {fromHtml} from 'hast-util-from-html'
import {describe, expect, test} from 'vitest'
import {build} from '../src/pipeline/build.js'
import {all, buildBrief, FIXTURES, one, REPO, slides, slideText, tempProject, text} from './helpers.js'

const run = promisify(execFile)
const dir = path.join(FIXTURES, 'slides')
const cases = fs.readdirSync(dir).filter((name) => name.endsWith('.md')).sort()
const MARP_CLI = path.join(REPO, 'node_modules', '@marp-team', 'marp-cli', 'marp-cli.js')

/**
 * Slides each fixture has: the title slide, the brief's own, and Sources where it cites. No blank slide of
 * ours: `headingDivider` after our title slide or before Sources adds none (the author's own `---` before a
 * divided heading does, in Marp as here).
 */
const EXPECTED_SLIDES: Record<string, number> = {
  'dashes.md': 4,
  'rules.md': 4,
  'heading-divider.md': 5,
  'heading-divider-list.md': 4,
  'heading-divider-comment.md': 5,
  'directives-only.md': 5
}

describe.each(cases)('%s', (name) => {
  const source = fs.readFileSync(path.join(dir, name), 'utf8')
  const slug = name.replace(/\.md$/, '')

  test('deck.html, marp-cli on deck.md, the notes handout and the slides handout agree', async () => {
    const project = tempProject({[`decks/${name}`]: source})
    const notesOut = path.join(project, 'out-notes')
    const slidesOut = path.join(project, 'out-slides')
    expect((await build({root: project, out: notesOut, handoutLayout: 'notes'})).errors).toBe(0)
    expect((await build({root: project, out: slidesOut, handoutLayout: 'slides'})).errors).toBe(0)
    const deck = slides(fromHtml(fs.readFileSync(path.join(notesOut, slug, 'deck.html'), 'utf8')))
    const marpHtml = path.join(project, 'marp-cli.html')
    await run(process.execPath, [MARP_CLI, '--no-stdin', '--no-config-file', '--theme-set', path.join(REPO, 'themes'), '-o', marpHtml, '--', path.join(notesOut, slug, 'deck.md')], {cwd: project})
    const marp = slides(fromHtml(fs.readFileSync(marpHtml, 'utf8')))
    const notesPage = fromHtml(fs.readFileSync(path.join(notesOut, slug, 'handout.html'), 'utf8'))
    const slidesPage = fromHtml(fs.readFileSync(path.join(slidesOut, slug, 'handout.html'), 'utf8'))
    const notesBlocks = all(notesPage, 'section.slide-block')
    const slideRows = all(slidesPage, 'section.slide-row')

    expect(deck.length).toBe(EXPECTED_SLIDES[name])
    expect(marp.map(slideText)).toEqual(deck.map(slideText))
    expect(notesBlocks.map((block) => slideText(one(block, '.thumbnail')))).toEqual(deck.map(slideText))
    expect(slideRows.map((row) => slideText(one(row, '.thumbnail')))).toEqual(deck.map(slideText))

    // Each `Say X.` note and `Handout X.` text is beside the slide whose heading is X, once, as text (not raw Markdown).
    const said = [...source.matchAll(/^Say \**(\w+)\**\.$/gm)].map((match) => match[1])
    const handed = [...source.matchAll(/^Handout (\w+)\.$/gm)].map((match) => match[1])
    expect(said.length).toBeGreaterThan(0)
    for (const [index, block] of notesBlocks.entries()) {
      const notes = text(all(block, '.speaker-notes')[0])
      const handout = text(all(block, '.handout-text')[0])
      for (const word of said) if (notes.includes(`Say ${word}.`)) expect(slideText(deck[index]), notes).toContain(word)
      for (const word of handed) if (handout.includes(`Handout ${word}.`)) expect(slideText(deck[index]), handout).toContain(word)
      expect(notes).not.toMatch(/\*\*|:::/)
    }
    const allNotes = notesBlocks.map((block) => text(all(block, '.speaker-notes')[0])).join(' ')
    for (const word of said) expect(allNotes.split(`Say ${word}.`).length - 1, word).toBe(1)
    const allHandout = notesBlocks.map((block) => text(all(block, '.handout-text')[0])).join(' ')
    for (const word of handed) expect(allHandout.split(`Handout ${word}.`).length - 1, word).toBe(1)
  })

  test('the plan has a slide for each of Marp’s, starting at the line of its first block in the brief', async () => {
    const built = await buildBrief(source)
    const deck = slides(built.deck)
    expect(built.plan?.length).toBe(deck.length)
    const lines = source.split('\n')
    for (const [index, slide] of (built.plan ?? []).entries()) {
      if (slide.kind !== 'content') continue
      const heading = /^#+ (\w+)/.exec(lines[slide.line - 1] ?? '')
      // A content slide starts at its heading (or, with no heading, at a line of its own slide's text).
      if (heading) expect(slideText(deck[index])).toContain(heading[1])
      expect(slide.line).toBeGreaterThan(3)
    }
  })
})
