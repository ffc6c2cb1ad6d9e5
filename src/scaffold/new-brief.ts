/**
 * `briefdeck new <slug>`: a brief that uses every annotation once and builds
 * without errors, plus a placeholder illustration it can show.
 */
import fs from 'node:fs'
import path from 'node:path'
import {UsageError} from '../errors.js'

export interface NewBriefOptions {
  /** Folder the brief goes in (default: `decks` in the project). */
  dir: string
  /** Today's date, YYYY-MM-DD (default: the current date). */
  date?: string
}

export interface NewBrief {
  brief: string
  image: string
}

export function createBrief(slug: string, options: NewBriefOptions): NewBrief {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) {
    throw new UsageError(`\`${slug}\` is not a usable name: use lower-case letters, digits and dashes, e.g. \`energy-security-2025\``)
  }
  const brief = path.join(options.dir, `${slug}.md`)
  if (fs.existsSync(brief)) throw new UsageError(`${brief} already exists: pick another name, or edit that brief`)
  const image = path.join(options.dir, 'images', `${slug}.svg`)
  fs.mkdirSync(path.dirname(image), {recursive: true})
  if (!fs.existsSync(image)) fs.writeFileSync(image, placeholderSvg())
  fs.writeFileSync(brief, template(slug, options.date ?? new Date().toISOString().slice(0, 10)), {flag: 'wx'})
  return {brief, image}
}

function title(slug: string): string {
  const words = slug.split('-').join(' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

function template(slug: string, date: string): string {
  return `---
title: "${title(slug)}"
subtitle: "One sentence that says what the audience should take away"
author: "Your Name"
organization: "Your Organization"
date: ${date}
---

::source{#example-report title="Title of the report you cite" publisher="Publisher" date="${date}" url="https://example.org/report" type=report}
::credit{#example-image title="Placeholder illustration" author="Your Name" license="CC0-1.0" kind=illustration}

## The problem

::figure{src="images/${slug}.svg" alt="A placeholder: replace it with an image that supports the argument" caption="Replace this illustration." credit=example-image layout="bg right:40%"}

:::slides
- The first point, short enough for a slide
- The second point, with its source:cite[example-report]{loc="p. 4"}
:::

:::handout
The full argument for the printed handout goes here, with its citations:cite[example-report].
:::

:::notes
What to say while this slide is up.
:::

---

<!-- _class: lead -->

## The recommendation

:::quote{by="Name of the person quoted" role="Their role" source=example-report}
A quotation that carries the argument.
:::

---

::sources

---

::credits
`
}

function placeholderSvg(): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 480 675" role="img" aria-label="Placeholder illustration">
  <rect width="480" height="675" fill="#0b2545"/>
  <circle cx="240" cy="300" r="120" fill="none" stroke="#f2b134" stroke-width="12"/>
  <text x="240" y="520" fill="#dfe7f1" font-family="Helvetica, Arial, sans-serif" font-size="28" text-anchor="middle">Your image here</text>
</svg>
`
}
