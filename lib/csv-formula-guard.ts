/**
 * The guard against CSV formula injection (OWASP "CSV injection"), shared by the extension's CSV
 * export and the reference receiver's: text typed by others (post text, notes, names) must not
 * run as a formula when the file is opened in a spreadsheet.
 *
 * A cell is a formula when it starts with `=`, `+`, `-`, `@`, a tab or a carriage return, or the
 * full-width forms of the first four (U+FF1D, U+FF0B, U+FF0D, U+FF20), which some spreadsheet
 * locales also accept. papaparse's own `escapeFormulae: true` pattern is `/^[=+\-@\t\r].*$/`:
 * its `.*$` cannot cross a line break, so a multi-line cell such as "=HYPERLINK(…)\nmore" would
 * slip through, and it knows no full-width form. A test of the first character has neither gap.
 *
 * Pass it to papaparse as `escapeFormulae`: a matching cell gets a leading `'` and is quoted.
 */
export const FORMULA_PREFIX = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
