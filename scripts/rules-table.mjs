// Rewrites the rule table in docs/authoring.md from src/rules.ts (run `npm run build` first).
import fs from 'node:fs'
import {RULES, RULES_DOCS} from '../dist/rules.js'

const rows = Object.entries(RULES).map(
  ([id, rule]) => `| <a id="rule-${id}"></a>\`${id}\` | ${rule.severity === 'warn' ? 'warning' : 'error'} | ${rule.configurable === false ? 'no' : 'yes'} | ${rule.description} |`
)
const docs = fs.readFileSync(RULES_DOCS, 'utf8')
const start = docs.indexOf('\n', docs.indexOf('<!-- rules:start')) + 1
const end = docs.indexOf('<!-- rules:end')
const table = ['| rule | default | can be changed | when |', '|---|---|---|---|', ...rows].join('\n')
fs.writeFileSync(RULES_DOCS, `${docs.slice(0, start)}${table}\n${docs.slice(end)}`)
