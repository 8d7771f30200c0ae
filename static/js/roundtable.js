// Roundtable's JavaScript: GOV.UK Frontend's components, nothing else.
// `npm run build` copies this file and govuk-frontend.min.js into static/build/.
import { initAll } from './govuk-frontend.min.js'

initAll()
