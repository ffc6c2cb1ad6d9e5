/**
 * What a public build must never publish, read from the briefs themselves:
 * the text inside every `:::notes` and `:::internal` block (with the alt text
 * and captions of figures in them), and a search for it in every output file,
 * as a reader would find it (HTML as text and as written, Markdown, JSON, PDF text).
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {fromHtml} from 'hast-util-from-html'
import {toString} from 'hast-util-to-string'
import type {Root} from 'mdast'
import remarkDirective from 'remark-directive'
import remarkFrontmatter from 'remark-frontmatter'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {visit} from 'unist-util-visit'

const TEAM_ONLY = new Set(['notes', 'internal'])

/** Every brief in the repository that is meant to build: the example, the Eleventy example's, and the test fixtures (not the diagnostics cases, each an error). */
export function repositoryBriefs(repo: string): string[] {
  const folders = ['decks', 'examples', path.join('test', 'fixtures')].map((folder) => path.join(repo, folder))
  return folders
    .flatMap((folder) => fs.readdirSync(folder, {recursive: true, withFileTypes: true}).map((entry) => path.join(entry.parentPath, entry.name)))
    .filter((file) => file.endsWith('.md') && !file.includes(`${path.sep}diagnostics${path.sep}`) && !file.includes(`${path.sep}node_modules${path.sep}`))
}

/** Runs of text (12 characters or more) inside the team-only blocks of a brief. */
export function teamOnlyTexts(markdown: string): string[] {
  const tree = unified().use(remarkParse).use(remarkFrontmatter).use(remarkDirective).parse(markdown) as Root
  const found = new Set<string>()
  const add = (value: string | null | undefined) => {
    const text = (value ?? '').replace(/\s+/g, ' ').trim()
    if (text.length >= 12) found.add(text)
  }
  visit(tree, 'containerDirective', (block) => {
    if (!TEAM_ONLY.has(block.name)) return
    visit(block, (node) => {
      if (node.type === 'text') add(node.value)
      if (node.type === 'leafDirective' || node.type === 'textDirective') {
        for (const name of ['alt', 'caption']) add(node.attributes?.[name])
      }
    })
  })
  return [...found]
}

/** Every file under a folder, as the text a reader could find in it. */
export function readableTexts(folder: string): Map<string, string> {
  const texts = new Map<string, string>()
  for (const entry of fs.readdirSync(folder, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    const relative = path.relative(folder, file)
    if (file.endsWith('.pdf')) {
      texts.set(relative, squash(execFileSync('pdftotext', [file, '-'], {encoding: 'utf8'})))
      continue
    }
    const raw = fs.readFileSync(file, 'utf8')
    let text = raw
    if (file.endsWith('.html') || file.endsWith('.svg')) text += `\n${toString(fromHtml(raw))}`
    if (file.endsWith('.json')) text += `\n${JSON.stringify(JSON.parse(raw), null, 0)}`
    // Scripts' JSON escapes `<` as \u003c; read such escapes back.
    text = text.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    texts.set(relative, squash(text))
  }
  return texts
}

/** `[file, text]` for every team-only text found in an output file. */
export function leaks(secrets: string[], outputs: Map<string, string>): Array<[string, string]> {
  const found: Array<[string, string]> = []
  for (const secret of secrets) {
    const needle = squash(secret)
    for (const [file, text] of outputs) if (text.includes(needle)) found.push([file, secret])
  }
  return found
}

const squash = (text: string) => text.replace(/\s+/g, ' ')
