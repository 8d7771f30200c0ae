// Builds Roundtable's CSS and JS into static/build/ (git-ignored).
//
//   npm run build
//
// - static/scss/roundtable.scss -> static/build/roundtable.css (compressed)
// - static/js/*.js              -> static/build/ (as they are)
// - govuk-frontend.min.js       -> static/build/govuk-frontend.min.js
//
// It fails if the CSS points at GOV.UK's /assets/ folder, loads the GDS
// Transport font, or refers to any url() other than data: URIs, since
// collectstatic's hashing would fail on a file we do not ship.

import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import * as sass from 'sass'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'static', 'build')
const govuk = join(root, 'node_modules', 'govuk-frontend', 'dist')

mkdirSync(out, { recursive: true })

// CSS
const result = sass.compile(join(root, 'static', 'scss', 'roundtable.scss'), {
  style: 'compressed',
  loadPaths: [govuk],
  quietDeps: true,
  sourceMap: false
})
const css = result.css
const problems = []
if (css.includes('/assets/')) problems.push('refers to /assets/')
if (/GDS Transport/i.test(css)) problems.push('mentions the GDS Transport font')
if (/@font-face/i.test(css)) problems.push('has an @font-face')
for (const match of css.matchAll(/url\(\s*['"]?([^'")]+)/g)) {
  if (!match[1].startsWith('data:') && !match[1].startsWith('#')) problems.push(`loads ${match[1]}`)
}
if (problems.length) {
  console.error(`roundtable.css: ${problems.join('; ')}`)
  process.exit(1)
}
writeFileSync(join(out, 'roundtable.css'), css)

// JS: GOV.UK Frontend's ES module, without its source map comment (we do not
// ship the map, and collectstatic would look for it).
const govukJs = readFileSync(join(govuk, 'govuk', 'govuk-frontend.min.js'), 'utf8')
writeFileSync(
  join(out, 'govuk-frontend.min.js'),
  govukJs.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n')
)
const jsDir = join(root, 'static', 'js')
for (const name of readdirSync(jsDir)) {
  if (name.endsWith('.js') || name.endsWith('.mjs')) copyFileSync(join(jsDir, name), join(out, name))
}

// Sizes, as a browser on a first visit would fetch them.
let total = 0
for (const name of ['roundtable.css', 'roundtable.js', 'govuk-frontend.min.js']) {
  const data = readFileSync(join(out, name))
  const gz = gzipSync(data, { level: 9 }).length
  total += gz
  console.log(`${name.padEnd(24)} ${String(data.length).padStart(7)} bytes, ${String(gz).padStart(6)} gzipped`)
}
console.log(`${'first visit'.padEnd(24)} ${String(total).padStart(22)} gzipped`)
