/**
 * The frame every receiver page shares (wall, review, sign-in): one inline stylesheet allowed by
 * its hash in the CSP, and no script at all. Pages are built with Hono's `html` template, which
 * escapes every interpolated value: stored text is hostile data.
 */
import { createHash } from 'node:crypto';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:1.5rem;color:#1d1d1f}
h1{margin:0}header p{margin:.25rem 0 1rem;color:#555}
nav{display:flex;gap:1rem;align-items:center;margin:.25rem 0 1rem}
form.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end;padding:.75rem;background:#f4f4f6;border-radius:8px}
label{display:flex;flex-direction:column;font-size:.85rem;color:#444}
label.check{flex-direction:row;gap:.35rem;align-items:center}
h2{margin:2rem 0 .5rem;border-bottom:2px solid #ddd}h3{margin:1rem 0 .5rem;color:#555;font-size:1rem}
article{border:1px solid #e2e2e6;border-radius:8px;padding:.75rem 1rem;margin:.5rem 0}
article h2,article h3{margin:0;border:0;font-size:1rem;color:#1d1d1f}
.outcome{font-weight:600}.value{color:#0a6b2f}.meta{color:#555;font-size:.85rem}
blockquote{margin:.5rem 0;padding-left:.75rem;border-left:3px solid #ddd;color:#444}
.note{margin:.25rem 0}.pre{white-space:pre-wrap}.empty,.more{color:#555}
.people{margin:.25rem 0;padding-left:1.25rem}
.state{display:inline-block;padding:0 .4rem;border-radius:4px;font-size:.8rem;font-weight:600}
.state-pending{background:#fff4d6;color:#5c4000}.state-confirmed{background:#e3f5e8;color:#0a5226}
.state-declined{background:#fdecec;color:#8a1c1c}
.review{margin:.25rem 0;color:#333}
ul.items{list-style:none;padding:0}
textarea{font:inherit;width:100%;max-width:40rem;min-height:3.5rem}
.actions{display:flex;gap:.5rem;margin-top:.5rem}
button{font:inherit;padding:.3rem .8rem}
.notice{padding:.5rem .75rem;border-radius:6px;background:#eef4ff;color:#12345a}
.error{padding:.5rem .75rem;border-radius:6px;background:#fdecec;color:#8a1c1c}
table{border-collapse:collapse;margin:.5rem 0}th,td{padding:.2rem .6rem;border-bottom:1px solid #e2e2e6;text-align:left}
:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}
`;

/** Built outside the template so that a formatter cannot add whitespace the hash would miss. */
const STYLE_ELEMENT = raw(`<style>${STYLE}</style>`);

/** The CSP source of the stylesheet: no page needs 'unsafe-inline'. */
export const PAGE_STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/** Text typed by people, with its line breaks kept (and nothing else around it pre-formatted). */
export function pre(text: string) {
  return html`<span class="pre">${text}</span>`;
}

export function document(
  title: string,
  body: HtmlEscapedString | Promise<HtmlEscapedString>,
): HtmlEscapedString | Promise<HtmlEscapedString> {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title} · Sourced</title>
        ${STYLE_ELEMENT}
      </head>
      <body>
        ${body}
      </body>
    </html>`;
}
