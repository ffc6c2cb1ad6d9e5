/**
 * A brief's staging folder: files are written into it directly (it is the
 * build's own, out of readers' sight until the journal moves them), folders
 * made once; a name already there, or a link put in its place, is replaced,
 * never written through.
 */
import fs from 'node:fs'
import path from 'node:path'
import {expect, test} from 'vitest'
import {createStage} from '../src/publish/stage.js'
import {tempProject} from './helpers.js'

test('files and copies land in the stage, in their folders, and are listed', () => {
  const root = tempProject({'images/photo.png': 'png bytes'})
  const stage = createStage(path.join(root, 'out', '.briefdeck', 'staging'), 'brief')
  stage.write('deck.html', '<p>deck</p>')
  stage.write('assets/images/chart.svg', '<svg/>')
  stage.copy(path.join(root, 'images', 'photo.png'), 'assets/images/photo.png')
  expect(stage.files).toEqual(['deck.html', 'assets/images/chart.svg', 'assets/images/photo.png'])
  expect(fs.readFileSync(path.join(stage.dir, 'deck.html'), 'utf8')).toBe('<p>deck</p>')
  expect(fs.readFileSync(path.join(stage.dir, 'assets/images/photo.png'), 'utf8')).toBe('png bytes')
  // Nothing else: no temporary files left beside them.
  expect(fs.readdirSync(stage.dir, {recursive: true}).sort()).toEqual(['assets', 'assets/images', 'assets/images/chart.svg', 'assets/images/photo.png', 'deck.html'])
  stage.discard()
  expect(fs.existsSync(stage.dir)).toBe(false)
})

test('a name written twice is replaced whole; a link put where a file goes is replaced, and what it leads to is untouched', () => {
  const root = tempProject({'outside.txt': 'keep me', 'images/a.png': 'first'})
  const stage = createStage(path.join(root, 'out', '.briefdeck', 'staging'), 'brief')
  stage.write('deck.md', 'one')
  stage.write('deck.md', 'two')
  expect(fs.readFileSync(path.join(stage.dir, 'deck.md'), 'utf8')).toBe('two')
  expect(stage.files).toEqual(['deck.md'])
  fs.symlinkSync(path.join(root, 'outside.txt'), path.join(stage.dir, 'handout.html'))
  stage.write('handout.html', '<p>handout</p>')
  fs.mkdirSync(path.join(stage.dir, 'assets'))
  fs.symlinkSync(path.join(root, 'outside.txt'), path.join(stage.dir, 'assets', 'a.png'))
  stage.copy(path.join(root, 'images', 'a.png'), 'assets/a.png')
  expect(fs.readFileSync(path.join(root, 'outside.txt'), 'utf8')).toBe('keep me')
  expect(fs.lstatSync(path.join(stage.dir, 'handout.html')).isFile()).toBe(true)
  expect(fs.readFileSync(path.join(stage.dir, 'handout.html'), 'utf8')).toBe('<p>handout</p>')
  expect(fs.readFileSync(path.join(stage.dir, 'assets', 'a.png'), 'utf8')).toBe('first')
})

test('nothing is written outside the stage', () => {
  const root = tempProject({})
  const stage = createStage(path.join(root, 'staging'), 'brief')
  expect(() => stage.write('../escaped.html', 'x')).toThrow(/outside/)
  expect(fs.existsSync(path.join(root, 'staging', 'escaped.html'))).toBe(false)
})
