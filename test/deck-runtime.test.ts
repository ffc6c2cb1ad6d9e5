/**
 * The deck page's runtime, driven like a presenter would: keys, hash, notes.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {JSDOM, VirtualConsole} from 'jsdom'
import {beforeAll, describe, expect, test} from 'vitest'
import {build} from '../src/pipeline/build.js'
import {REPO} from './helpers.js'

let html: string

beforeAll(async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-runtime-'))
  await build({root: REPO, paths: ['decks/russia-iran-partnership.md'], out: out})
  html = fs.readFileSync(path.join(out, 'russia-iran-partnership', 'deck.html'), 'utf8')
})

function open(hash = '') {
  const errors: string[] = []
  const virtualConsole = new VirtualConsole()
  virtualConsole.on('jsdomError', (error) => errors.push(error.message))
  const dom = new JSDOM(html, {url: `https://deck.test/deck.html${hash}`, runScripts: 'dangerously', pretendToBeVisual: true, virtualConsole})
  const {document} = dom.window
  const current = () => {
    const all = [...document.querySelectorAll('.bd-deck > .marpit > svg[data-marpit-svg]')]
    return all.findIndex((slide) => slide.classList.contains('bd-current')) + 1
  }
  const press = (key: string) => document.dispatchEvent(new dom.window.KeyboardEvent('keydown', {key, bubbles: true}))
  return {dom, document, current, press, errors}
}

describe('deck.html runtime', () => {
  test('shows one slide, the one named in the URL hash', () => {
    const {document, current, errors} = open('#3')
    expect(errors).toEqual([])
    expect(current()).toBe(3)
    expect(document.querySelectorAll('svg.bd-current')).toHaveLength(1)
    expect(document.querySelector('.bd-position')?.textContent).toMatch(/^3 \/ \d+$/)
  })

  test('keyboard navigation moves and keeps the slide number in the hash', () => {
    const {current, press, dom} = open()
    expect(current()).toBe(1)
    press('ArrowRight')
    press('PageDown')
    press(' ')
    expect(current()).toBe(4)
    expect(dom.window.location.hash).toBe('#4')
    press('ArrowLeft')
    expect(current()).toBe(3)
    press('End')
    const last = current()
    expect(last).toBeGreaterThan(10)
    press('ArrowRight')
    expect(current()).toBe(last)
    press('Home')
    expect(current()).toBe(1)
    expect(dom.window.location.hash).toBe('#1')
  })

  test('a changed hash (back button, link) moves the deck', async () => {
    const {current, dom} = open()
    dom.window.location.hash = '#5'
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(current()).toBe(5)
  })

  test('the buttons navigate and N shows the speaker notes of the current slide', () => {
    const {document, current, press} = open('#2')
    ;(document.querySelector('[data-bd="next"]') as HTMLElement).click()
    expect(current()).toBe(3)
    ;(document.querySelector('[data-bd="prev"]') as HTMLElement).click()
    const panel = document.getElementById('bd-notes') as HTMLElement
    expect(panel.hidden).toBe(true)
    press('n')
    expect(panel.hidden).toBe(false)
    expect(panel.querySelector('.bd-notes-text')?.textContent).toContain('these are not two separate regional problems')
    press('ArrowRight')
    expect(panel.querySelector('.bd-notes-text')?.textContent).toContain('Walk through who took part')
  })
})
