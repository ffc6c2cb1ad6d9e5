/**
 * Marpit applies `<style>` blocks and the `style:` directive whatever the HTML
 * setting, which would let a brief load remote CSS, track readers or spoof
 * content. By default they are removed with a warning; `allowStyles` keeps
 * them, and even then no `@import` or remote `url()` is allowed.
 */
import type {Html, Root} from 'mdast'
import postcss from 'postcss'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {report} from '../messages.js'

export interface StyleOptions {
  /** Keep `<style>` blocks and Marp `style:` directives from briefs (default: `false`). */
  allowStyles?: boolean
}

const STYLE_BLOCK = /<style\b[^>]*>([\s\S]*?)(?:<\/style\s*>|$)/gi
const STYLE_DIRECTIVE = /<!--([\s\S]*?)-->/g

export function checkRawStyles(tree: Root, file: VFile, options: StyleOptions = {}): void {
  visit(tree, 'html', (node: Html) => {
    const css = [
      ...[...node.value.matchAll(STYLE_BLOCK)].map((match) => match[1]),
      ...[...node.value.matchAll(STYLE_DIRECTIVE)].flatMap((match) => {
        const directive = /^\s*_?style\s*:\s*([\s\S]*)$/.exec(match[1])
        return directive ? [directive[1]] : []
      })
    ]
    if (css.length === 0) return
    if (!options.allowStyles) {
      report(
        file,
        'Style blocks and `style:` directives are removed from briefs: use a theme in themes/ instead, or set `allowStyles: true` in the config file if you trust every author',
        node.position,
        'style-removed'
      )
      removeHtml(node)
      return
    }
    for (const text of css) {
      const problem = remoteCss(text)
      if (problem) {
        report(file, `${problem} in a style block: styles in briefs may not load anything, so use only \`data:\` URLs, or move the style into a theme in themes/`, node.position, 'remote-css')
        removeHtml(node)
        return
      }
    }
  })
}

/** Why some CSS would reach outside the page, if it would. */
export function remoteCss(css: string): string | undefined {
  let root: postcss.Root
  try {
    root = postcss.parse(css)
  } catch {
    return 'CSS that cannot be read'
  }
  let problem: string | undefined
  root.walkAtRules('import', () => {
    problem ??= '`@import`'
  })
  root.walkDecls((declaration) => {
    for (const match of declaration.value.matchAll(/url\(\s*(['"]?)([^'")]*)\1\s*\)/gi)) {
      const url = match[2].trim()
      if (!url.startsWith('data:') && !url.startsWith('#')) problem ??= `\`url(${url})\``
    }
    if (/image-set|src\(/i.test(declaration.value)) problem ??= '`image-set()`'
  })
  return problem
}

/** Raw HTML no output may have: emptied for every renderer, its text kept only to write the brief back (remark-stringify). */
function removeHtml(node: Html): void {
  node.data = {...node.data, removed: true, original: node.value}
  node.value = ''
}
