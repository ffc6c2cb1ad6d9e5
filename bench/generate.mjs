/**
 * Generated briefs for `npm run bench`: shaped like real ones (10–15 slides,
 * quotes, figures, tables, 6–12 sources, speaker notes, deck-only and
 * handout-only passages), each different in size and features, from a seeded
 * random sequence so that every run builds the same set.
 */
import fs from 'node:fs'
import path from 'node:path'

const WORDS = (
  'alliance deterrence coalition sanctions drones missiles partners region security interceptors ' +
  'intelligence cooperation defence network supply energy markets ministers treaty pressure ' +
  'budget readiness airspace shipping corridor envoy summit allies adversary posture frontier'
).split(' ')
const LAYOUTS = ['bg right:40%', 'bg left:35%', 'bg right:30%']
const IMAGES = ['images/partners.svg', 'images/coalition.svg', 'images/network.svg']
const LICENSES = ['CC-BY-4.0', 'CC0-1.0', 'CC-BY-SA-4.0']
const TYPES = ['report', 'article', 'book', 'web']
const LANGS = ['en', 'en', 'en', 'de', 'fr']

/** A small seeded generator (mulberry32). */
export function random(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The brief number `index`, as Markdown. */
export function generateBrief(index) {
  const next = random(index * 7919 + 17)
  const int = (low, high) => low + Math.floor(next() * (high - low + 1))
  const pick = (list) => list[int(0, list.length - 1)]
  const words = (low, high) => Array.from({length: int(low, high)}, () => pick(WORDS)).join(' ')
  const sentence = (low = 8, high = 18) => {
    const text = words(low, high)
    return `${text[0].toUpperCase()}${text.slice(1)}.`
  }
  const sources = Array.from({length: int(6, 12)}, (_, i) => `s${i}`)
  // Every source cited once in order, then at random.
  let cited = 0
  const cite = () => `:cite[${cited < sources.length ? sources[cited++] : pick(sources)}]`
  const credits = []
  const lines = [
    '---',
    `title: "Brief ${index}: ${sentence(3, 6).slice(0, -1)}"`,
    `subtitle: "${sentence(5, 9).slice(0, -1)}"`,
    `lang: ${pick(LANGS)}`,
    `paginate: ${next() < 0.7}`,
    ...(next() < 0.3 ? ['handout:', `  layout: ${pick(['article', 'notes'])}`] : []),
    '---',
    ''
  ]
  for (const [i, id] of sources.entries()) {
    const year = 2015 + (i % 10)
    lines.push(
      `::source{#${id} title="${sentence(4, 9).slice(0, -1)}" author="${pick(['Ann', 'Bob', 'Chen', 'Dana', 'Emre'])} ${pick(['Lee', 'Smith', 'Okafor', 'Rossi', 'Haddad'])}" publisher="Institute ${i}" date="${year}-0${1 + (i % 9)}-1${i % 9}" type=${pick(TYPES)}${next() < 0.5 ? ` url="https://example.org/${index}/${i}"` : ''}}`
    )
  }
  lines.push('')
  const slides = int(10, 15)
  const body = []
  for (let slide = 0; slide < slides; slide++) {
    const part = []
    if (slide > 0) part.push('---', '')
    part.push(`## ${sentence(2, 5).slice(0, -1)}`, '')
    const kind = slide === 0 ? 'figure' : pick(['list', 'list', 'quote', 'figure', 'table', 'prose'])
    if (kind === 'figure') {
      const credit = `c${credits.length}`
      credits.push(`::credit{#${credit} title="${sentence(2, 4).slice(0, -1)}" author="Studio ${credits.length}" license="${pick(LICENSES)}" kind=illustration}`)
      part.push(`::figure{src="${pick(IMAGES)}" alt="${sentence(5, 10).slice(0, -1)}" credit=${credit} layout="${pick(LAYOUTS)}"}`, '')
    }
    if (kind === 'quote') {
      part.push(`:::quote{by="${pick(['Dana Stroul', 'A. Minister', 'An Envoy'])}" source=${pick(sources)}}`, sentence(10, 22), ':::', '')
    } else if (kind === 'table') {
      part.push('| Partner | Supplies | Since |', '|---|---|---|')
      for (let row = 0; row < int(3, 6); row++) part.push(`| ${pick(WORDS)} | ${words(1, 3)} | ${2000 + int(0, 24)} |`)
      part.push('')
    } else {
      part.push(':::slides')
      for (let item = 0; item < int(3, 5); item++) part.push(`- ${sentence(4, 9)}${next() < 0.4 ? cite() : ''}`)
      part.push(':::', '')
    }
    if (next() < 0.6) part.push(':::notes', sentence(12, 30), ':::', '')
    part.push(':::handout')
    for (let paragraph = 0; paragraph < int(1, 2); paragraph++) part.push(`${sentence(15, 35)}${cite()} ${sentence(8, 20)}`, '')
    part.push(':::', '')
    if (slide === slides - 1 && cited < sources.length) part.push(':::handout', `See also ${sources.slice(cited).map((id) => `:cite[${id}]`).join(' ')}.`, ':::', '')
    body.push(...part)
  }
  return [...lines, ...credits, '', ...body].join('\n')
}

/** A project folder with `count` generated briefs in decks/ (and the example's images). */
export function writeProject(dir, count, repo) {
  fs.mkdirSync(path.join(dir, 'decks', 'images'), {recursive: true})
  for (const image of fs.readdirSync(path.join(repo, 'decks', 'images'))) {
    fs.copyFileSync(path.join(repo, 'decks', 'images', image), path.join(dir, 'decks', 'images', image))
  }
  for (let i = 0; i < count; i++) fs.writeFileSync(path.join(dir, 'decks', `${briefName(i)}.md`), generateBrief(i))
}

export const briefName = (i) => `brief-${String(i).padStart(4, '0')}`
