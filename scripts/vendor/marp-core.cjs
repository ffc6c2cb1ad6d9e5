/**
 * What dist/vendor/marp-core.cjs holds (scripts/bundle.mjs): marp-core, with
 * the parts of Marpit briefdeck uses itself (its theme reader, its reading of
 * directives), so that one copy of Marpit loads (src/deck/marp-packages.ts).
 */
module.exports = {
  version: require('@marp-team/marp-core/package.json').version,
  Marp: require('@marp-team/marp-core').Marp,
  Theme: require('@marp-team/marpit').Theme,
  marpitYaml: require('@marp-team/marpit/lib/markdown/directives/yaml.js').yaml,
  marpitDirectives: require('@marp-team/marpit/lib/markdown/directives/directives.js')
}
