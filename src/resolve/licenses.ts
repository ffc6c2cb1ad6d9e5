/**
 * Licences: SPDX identifiers plus `public-domain` and `all-rights-reserved`,
 * with a human label and a link to the deed.
 */
import {createRequire} from 'node:module'
import spdxCorrect from 'spdx-correct'
import type {LicenseInfo} from '../types.js'

const require = createRequire(import.meta.url)
const spdxIds = require('spdx-license-ids') as string[]
const byLowerCase = new Map(spdxIds.map((id) => [id.toLowerCase(), id]))

export const EXTRA_LICENSES = ['public-domain', 'all-rights-reserved'] as const

/** Common ways of writing a licence that spdx-correct does not handle. */
const ALIASES: Record<string, string> = {
  'public-domain': 'public-domain',
  'public domain': 'public-domain',
  publicdomain: 'public-domain',
  pd: 'public-domain',
  'all rights reserved': 'all-rights-reserved',
  'all-rights-reserved': 'all-rights-reserved',
  copyright: 'all-rights-reserved'
}

/** Resolve an exact licence identifier (case-insensitive); undefined when not one. */
export function resolveLicense(value: string): LicenseInfo | undefined {
  const lower = value.trim().toLowerCase()
  if (lower === 'public-domain') {
    return {id: 'public-domain', label: 'Public domain', url: 'https://creativecommons.org/publicdomain/mark/1.0/'}
  }
  if (lower === 'all-rights-reserved') return {id: 'all-rights-reserved', label: 'All rights reserved'}
  const id = byLowerCase.get(lower)
  return id ? describe(id) : undefined
}

/** The identifier a mistyped licence most likely meant, if any. */
export function suggestLicense(value: string): string | undefined {
  const lower = value.trim().toLowerCase()
  const alias = ALIASES[lower] ?? ALIASES[lower.replace(/[-_]+/g, ' ')]
  if (alias) return alias
  const normalised = lower.replace(/\s+/g, '-')
  const direct = byLowerCase.get(normalised)
  if (direct) return direct
  try {
    return spdxCorrect(value) ?? spdxCorrect(value.replace(/[-_]+/g, ' ')) ?? undefined
  } catch {
    return undefined
  }
}

function describe(id: string): LicenseInfo {
  if (id === 'CC0-1.0') return {id, label: 'CC0 1.0', url: 'https://creativecommons.org/publicdomain/zero/1.0/'}
  const cc = /^CC-((?:BY|NC|ND|SA)(?:-(?:BY|NC|ND|SA))*)-(\d\.\d)(?:-([A-Z]{2,}))?$/.exec(id)
  if (cc) {
    const [, parts, version, port] = cc
    const path = [parts.toLowerCase(), version, port?.toLowerCase()].filter(Boolean).join('/')
    return {id, label: `CC ${parts} ${version}${port ? ` ${port}` : ''}`, url: `https://creativecommons.org/licenses/${path}/`}
  }
  return {id, label: id, url: `https://spdx.org/licenses/${id}.html`}
}
