// Rewrites the table of messages in docs/authoring.md from messages/en.json.
import fs from 'node:fs'

const DOCS = 'docs/authoring.md'
const english = JSON.parse(fs.readFileSync('messages/en.json', 'utf8'))
const rows = Object.entries(english).map(([key, message]) => `| \`${key}\` | ${message.replace(/\|/g, '\\|')} |`)
const docs = fs.readFileSync(DOCS, 'utf8')
const start = docs.indexOf('\n', docs.indexOf('<!-- messages:start')) + 1
const end = docs.indexOf('<!-- messages:end')
fs.writeFileSync(DOCS, `${docs.slice(0, start)}${['| Message | English |', '|---|---|', ...rows].join('\n')}\n${docs.slice(end)}`)
