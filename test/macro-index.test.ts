/**
 * The macro index used while a citeproc-js engine is built (see
 * src/bibliography/macro-index.ts): it finds the same macro nodes as
 * citeproc's own walk, and citeproc is left as it was, even when the build
 * fails. That the citations and bibliographies stay the same is checked for
 * every shipped style against citeproc-js run directly (citation-styles.test.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import CSL from 'citeproc'
import {expect, test} from 'vitest'
import {withMacroIndex, type XmlJsonNode} from '../src/bibliography/macro-index.js'
import {REPO} from './helpers.js'

const STYLES = path.join(REPO, 'csl', 'styles')
interface XmlJsonClass {
  new (dataObj: XmlJsonNode): {dataObj: XmlJsonNode; getNodesByName(root: XmlJsonNode, name: string, nameAttribute?: string): XmlJsonNode[]}
}
const csl = CSL as unknown as {XmlJSON: XmlJsonClass & {prototype: {getNodesByName: unknown}}; parseXml: (xml: string) => XmlJsonNode}

test.each(fs.readdirSync(STYLES).filter((name) => name.endsWith('.csl')))('%s: each macro is found as citeproc finds it', (name) => {
  const tree = csl.parseXml(fs.readFileSync(path.join(STYLES, name), 'utf8'))
  const xml = new csl.XmlJSON(tree)
  const macros = xml.getNodesByName(tree, 'macro').map((node) => String(node.attrs?.name))
  expect(macros.length).toBeGreaterThan(0)
  const walked = macros.map((macro) => xml.getNodesByName(tree, 'macro', macro))
  const indexed = withMacroIndex(CSL, () => [...macros, 'no-such-macro'].map((macro) => xml.getNodesByName(tree, 'macro', macro)))
  expect(indexed.slice(0, -1)).toEqual(walked)
  indexed.slice(0, -1).forEach((nodes, i) => nodes.forEach((node, j) => expect(node).toBe(walked[i][j])))
  expect(indexed.at(-1)).toEqual([])
})

test('citeproc is left as it was after the build, and after a build that fails', () => {
  const walk = csl.XmlJSON.prototype.getNodesByName
  expect(withMacroIndex(CSL, () => 42)).toBe(42)
  expect(csl.XmlJSON.prototype.getNodesByName).toBe(walk)
  expect(() =>
    withMacroIndex(CSL, () => {
      throw new Error('not a style')
    })
  ).toThrow('not a style')
  expect(csl.XmlJSON.prototype.getNodesByName).toBe(walk)
})
