/** Cleaning of text that comes from a site, shared by the adapters and the capture schema. */
/** Site text is data: strip controls (bidi overrides included) that could disguise it when shown. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;
export function cleanText(value: string): string {
  // toWellFormed drops lone surrogates, which JSON.stringify would otherwise escape oddly.
  return value.toWellFormed().replace(CONTROL_CHARS, '').trim();
}
