/**
 * `::figure{src alt caption credit layout}`: an image with caption and credit.
 */
import {report} from '../messages.js'
import type {Annotation} from './annotation.js'
import {attribute, attributePlace, valuePlace} from './attributes.js'

export const figure: Annotation = {
  name: 'figure',
  form: 'leaf',
  attributes: {required: ['src'], optional: ['alt', 'caption', 'credit', 'layout']},
  lower(node, {file}) {
    const src = attribute(node, 'src') as string
    const alt = attribute(node, 'alt')
    if (alt === undefined) {
      report(
        file,
        '`::figure` needs `alt`: describe the image for people who cannot see it, e.g. `alt="Missiles over Jerusalem at night"`',
        node.position,
        'missing-alt'
      )
    }
    return {
      type: 'figure',
      src,
      alt: alt ?? '',
      caption: attribute(node, 'caption'),
      creditKey: attribute(node, 'credit')?.replace(/^#/, ''),
      layout: attribute(node, 'layout'),
      srcPosition: valuePlace(file, node, 'src'),
      creditPosition: attributePlace(file, node, 'credit'),
      position: node.position
    }
  }
}
