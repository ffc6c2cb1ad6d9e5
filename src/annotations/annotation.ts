/**
 * What an annotation module provides: its name and form, the attributes it
 * takes, and how it turns a validated directive into one of our nodes.
 */
import type {RootContent} from 'mdast'
import type {VFile} from 'vfile'
import type {BriefData} from '../types.js'
import type {AttributeSpec, Directive} from './attributes.js'

export type AnnotationForm = 'text' | 'leaf' | 'container'

export interface AnnotationContext {
  file: VFile
  data: BriefData
}

export interface Annotation {
  /** Name as written after the colons. */
  name: string
  /** `:name` (text), `::name` (leaf) or `:::name` (container). */
  form: AnnotationForm
  /** Attributes it takes; unknown and missing required ones are reported before `lower` runs. */
  attributes: AttributeSpec
  /** Turn the directive into our node (undefined drops it). Only called when required attributes are there. */
  lower(node: Directive, context: AnnotationContext): RootContent | undefined
}

export const FORM_COLONS: Record<AnnotationForm, string> = {text: ':', leaf: '::', container: ':::'}
