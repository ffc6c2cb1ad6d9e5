/**
 * Slide thumbnails for handouts: marp-core's inline SVG of each slide, without
 * Marp's script, scaled by CSS; the deck CSS without its `@page` rule.
 */
import type {Element, Root, RootContent} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {toHtml} from 'hast-util-to-html'
import postcss from 'postcss'

/** One slide's SVG, with scripts removed. */
export function thumbnailSvg(slide: string): string {
  const tree = fromHtml(slide, {fragment: true})
  removeScripts(tree)
  return toHtml(tree)
}

function removeScripts(node: Root | Element): void {
  node.children = node.children.filter((child: RootContent) => !(child.type === 'element' && child.tagName === 'script'))
  for (const child of node.children) if (child.type === 'element') removeScripts(child)
}

/**
 * The deck CSS for use inside another page: without Marp's `@page` size and
 * its print rules, which make every slide (and the whole body) a page of its own.
 */
export function thumbnailCss(css: string): string {
  let result = withoutPrint.get(css)
  if (result === undefined) {
    const root = postcss.parse(css)
    root.walkAtRules((rule) => {
      if (rule.name === 'page' || (rule.name === 'media' && rule.params.trim() === 'print')) rule.remove()
    })
    result = root.toString()
    // Most decks of a project share a theme, so their CSS: a few are kept (parsing one took some 2 ms a brief).
    if (withoutPrint.size >= 8) withoutPrint.delete(withoutPrint.keys().next().value as string)
    withoutPrint.set(css, result)
  }
  return result
}

/** The last results of `thumbnailCss`, by the CSS given. */
const withoutPrint = new Map<string, string>()
