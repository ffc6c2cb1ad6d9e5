export const USAGE = `Usage:
  briefdeck build [paths…] [--out DIR] [--strict] [--pdf]   build briefs (default: decks/) into out/
  briefdeck check [paths…] [--strict] [--render]            check briefs without writing anything
  briefdeck new <slug>                                      start a brief in decks/<slug>.md
  briefdeck serve [paths…] [--port N]                       build, watch and serve out/ on 127.0.0.1 with live reload

Options:
  --out DIR                 output folder (default: out)
  --strict                  treat warnings as errors
  --pdf                     also write deck.pdf and handout.pdf (needs Chromium or Chrome)
  --profile PROFILE         internal (speaker notes and :::internal kept) or public (neither,
                            drafts skipped, embargoes held) (default: internal)
  --ignore-embargo          publish briefs under embargo all the same, for a preview
  --render                  render every slide in Chromium and report slides that overflow
  --force                   rebuild every brief, even those that have not changed
  --handout-layout LAYOUT   article, notes or slides, for every brief (default: each brief's own)
  --paper SIZE              a4 or letter, for every brief (default: each brief's own)
  --port N                  port for serve (default: 4173; 0 picks a free one)
  -h, --help                show this help
  --version                 show the version

Settings come from flags, then briefdeck.config.mjs, .cjs, .js or .json (or
"briefdeck" in package.json), then defaults. A browser is found through
CHROME_PATH, then chromium, google-chrome or microsoft-edge on PATH, then where
Chrome, Chromium and Edge install themselves.

Exit codes: 0 ok, 1 errors in a brief, 2 usage or environment errors.`
