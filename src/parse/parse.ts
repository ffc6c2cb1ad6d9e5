/**
 * One parse per brief: remark-parse + front matter + GFM + directives → mdast.
 */
import type {Root} from 'mdast'
import remarkDirective from 'remark-directive'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import type {VFile} from 'vfile'

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkDirective).freeze()

/** Parse a brief into mdast. The tree keeps positions for every node. */
export function parseBrief(file: VFile): Root {
  return parser.parse(file)
}
