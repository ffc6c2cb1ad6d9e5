// A small Eleventy site that publishes its briefs with briefdeck.
// Run `npx @11ty/eleventy` in this folder (after `npm ci && npm run build` at the top of the repository).
import briefdeck from 'briefdeck/eleventy'

export default function (eleventyConfig) {
  eleventyConfig.addPlugin(briefdeck, {paths: ['decks'], prefix: 'briefs'})
}

export const config = {
  dir: {input: '.', output: '_site'},
  templateFormats: ['njk']
}
