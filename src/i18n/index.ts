/**
 * Everything briefdeck writes in words: message catalogues (data, in
 * `messages/`), the team's labels over them, and Intl for dates, lists and numbers.
 */
export {MESSAGE_KEYS, shippedLanguages, shippedCatalogue, isMessageKey, type MessageKey, type Catalogue} from './catalogues.js'
export {directionOf, type Direction} from './direction.js'
export {checkLabels, resolveLabels, NO_LABELS, type Labels, type ResolvedLabels} from './labels.js'
export {localizer, languageChain, type Localizer} from './localize.js'
export {quoteMarks} from './quotes.js'
