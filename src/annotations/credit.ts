/**
 * `::credit{#key title author url license via kind permission}`: defines an image credit (TASL), and
 * the permission given for a work whose rights are reserved, in the rights holder's words.
 */
import {report, quoted} from '../messages.js'
import {resolveLicense, suggestLicense} from '../resolve/licenses.js'
import type {CreditEntry, LicenseInfo} from '../types.js'
import type {Annotation} from './annotation.js'
import {attribute, attributePlace, urlAttribute, valuePlace} from './attributes.js'
import {duplicate} from './source.js'

export const CREDIT_KINDS = ['photo', 'illustration', 'map', 'chart', 'diagram', 'image'] as const

export const credit: Annotation = {
  name: 'credit',
  form: 'leaf',
  attributes: {required: ['id'], optional: ['title', 'author', 'url', 'license', 'via', 'kind', 'permission']},
  lower(node, {file, data}) {
    const key = attribute(node, 'id') as string
    let license: LicenseInfo | undefined
    const licenseValue = attribute(node, 'license')
    if (licenseValue !== undefined) {
      license = resolveLicense(licenseValue)
      if (!license) {
        const suggestion = suggestLicense(licenseValue)
        report(
          file,
          `Unknown licence ${quoted(licenseValue)}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''} Use an SPDX identifier such as \`CC-BY-4.0\`, \`CC-BY-SA-4.0\` or \`CC0-1.0\`, or \`public-domain\` or \`all-rights-reserved\``,
          valuePlace(file, node, 'license'),
          'invalid-license'
        )
      }
    }
    let kind = 'Photo'
    const kindValue = attribute(node, 'kind')
    if (kindValue !== undefined) {
      if ((CREDIT_KINDS as readonly string[]).includes(kindValue)) kind = kindValue[0].toUpperCase() + kindValue.slice(1)
      else
        report(
          file,
          `Unknown credit kind ${quoted(kindValue)}: use one of ${CREDIT_KINDS.join(', ')}`,
          valuePlace(file, node, 'kind'),
          'invalid-attribute'
        )
    }
    const entry: CreditEntry = {
      key,
      title: attribute(node, 'title'),
      author: attribute(node, 'author'),
      url: urlAttribute(file, node, 'url'),
      via: attribute(node, 'via'),
      kind,
      license,
      licenseText: licenseValue,
      permission: attribute(node, 'permission')?.replace(/[.\s]+$/, '') || undefined,
      position: node.position
    }
    const existing = data.credits.get(key)
    if (existing) duplicate(file, 'credit', key, existing, attributePlace(file, node, 'id'))
    else data.credits.set(key, entry)
    return {type: 'annotationDefinition', kind: 'credit', key, position: node.position}
  }
}
