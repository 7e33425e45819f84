/**
 * The wall of wins: confirmed outcomes grouped by team and month. Rendered on the server with
 * Hono's `html` template, which escapes every interpolated value: post text is hostile data.
 * No script at all, and a CSP that allows only the one inline stylesheet below (by its hash).
 */
import { createHash } from 'node:crypto';
import { html, raw } from 'hono/html';
import { OUTCOME_STAGES, OUTCOME_TYPES } from '../../lib/capture';
import type { StoredCapture } from '../storage/types';
import {
  NO_TEAM,
  OUTCOME_LABELS,
  PLATFORM_LABELS,
  STAGE_LABELS,
  formatValue,
  monthLabel,
  monthOf,
  safeHttpUrl,
} from './labels';
import { wallQueryString, type WallQuery } from './query';

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:1.5rem;color:#1d1d1f}
h1{margin:0}header p{margin:.25rem 0 1rem;color:#555}
form{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end;padding:.75rem;background:#f4f4f6;border-radius:8px}
label{display:flex;flex-direction:column;font-size:.85rem;color:#444}
h2{margin:2rem 0 .5rem;border-bottom:2px solid #ddd}h3{margin:1rem 0 .5rem;color:#555;font-size:1rem}
article{border:1px solid #e2e2e6;border-radius:8px;padding:.75rem 1rem;margin:.5rem 0}
.outcome{font-weight:600}.value{color:#0a6b2f}.meta{color:#555;font-size:.85rem}
blockquote{margin:.5rem 0;padding-left:.75rem;border-left:3px solid #ddd;color:#444}
.note{white-space:pre-wrap}.empty,.more{color:#555}
`;

/** Built outside the template so that a formatter cannot add whitespace the hash would miss. */
const STYLE_ELEMENT = raw(`<style>${STYLE}</style>`);

/** The CSP source of STYLE: the page needs no 'unsafe-inline'. */
export const WALL_STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

export interface WallPage {
  wins: StoredCapture[];
  teams: string[];
  query: WallQuery;
  /** True when more wins matched than the page shows. */
  truncated: boolean;
}

/** Wins grouped by team (named teams A→Z, then no team), then month (newest first). */
export function groupWins(wins: StoredCapture[]): [string, [string, StoredCapture[]][]][] {
  const teams = new Map<string, Map<string, StoredCapture[]>>();
  for (const win of wins) {
    const team = win.data.employee.team ?? NO_TEAM;
    const months = teams.get(team) ?? teams.set(team, new Map()).get(team)!;
    const month = monthOf(win.happenedOn);
    (months.get(month) ?? months.set(month, []).get(month)!).push(win);
  }
  const order = (a: string, b: string) =>
    a === NO_TEAM ? 1 : b === NO_TEAM ? -1 : a.localeCompare(b, 'en');
  return [...teams.entries()]
    .sort(([a], [b]) => order(a, b))
    .map(([team, months]) => [team, [...months.entries()].sort(([a], [b]) => (a < b ? 1 : -1))]);
}

function option(value: string, label: string, selected: string | undefined) {
  return html`<option value="${value}" ${value === selected ? html`selected` : ''}>
    ${label}
  </option>`;
}

function filters(page: WallPage) {
  const { query, teams } = page;
  // A search landmark: the filters and the CSV link are not content outside any region (axe).
  return html`<form
    method="get"
    action="/"
    role="search"
    aria-label="Filter the wins"
    data-testid="wall-filters"
  >
    <label
      >Team
      <select name="team" data-testid="wall-filter-team">
        <option value="">All teams</option>
        ${teams.map((team) => option(team, team, query.team))}
      </select></label
    >
    <label
      >Outcome
      <select name="outcome" data-testid="wall-filter-outcome">
        <option value="">All outcomes</option>
        ${OUTCOME_TYPES.map((type) => option(type, OUTCOME_LABELS[type], query.outcome))}
      </select></label
    >
    <label
      >Stage
      <select name="stage" data-testid="wall-filter-stage">
        <option value="">All but lost</option>
        ${OUTCOME_STAGES.map((stage) => option(stage, STAGE_LABELS[stage], query.stage))}
      </select></label
    >
    <label
      >From
      <input
        type="month"
        name="from"
        placeholder="YYYY-MM"
        value="${query.from ?? ''}"
        data-testid="wall-filter-from"
    /></label>
    <label
      >To
      <input
        type="month"
        name="to"
        placeholder="YYYY-MM"
        value="${query.to ?? ''}"
        data-testid="wall-filter-to"
    /></label>
    <button type="submit">Filter</button>
    <a href="/wins.csv${wallQueryString(query)}" data-testid="wall-csv" download>Download CSV</a>
  </form>`;
}

function win(capture: StoredCapture) {
  const { data } = capture;
  const { outcome, post, employee } = data;
  const postUrl = safeHttpUrl(post.url);
  const author = post.author.name ?? post.author.handle ?? 'an unnamed author';
  const crmUrl = safeHttpUrl(outcome.crmRef);
  const value = formatValue(outcome.value);
  return html`<article data-testid="win" data-capture-id="${data.id}">
    <div class="outcome">
      ${OUTCOME_LABELS[outcome.type]} · ${STAGE_LABELS[outcome.stage]}
      ${value ? html` · <span class="value">${value}</span>` : ''}
    </div>
    ${outcome.note ? html`<p class="note">${outcome.note}</p>` : ''}
    ${post.excerpt ? html`<blockquote>${post.excerpt}</blockquote>` : ''}
    <div class="meta">
      ${employee.name ?? 'An employee'} · ${capture.happenedOn} ·
      ${
        postUrl
          ? html`<a href="${postUrl}" rel="noopener noreferrer"
              >${PLATFORM_LABELS[data.platform]} post by ${author}</a
            >`
          : html`${PLATFORM_LABELS[data.platform]} post by ${author}`
      }
      ${
        outcome.crmRef
          ? crmUrl
            ? html` · <a href="${crmUrl}" rel="noopener noreferrer">CRM record</a>`
            : html` · CRM: ${outcome.crmRef}`
          : ''
      }
    </div>
  </article>`;
}

export function renderWall(page: WallPage) {
  const groups = groupWins(page.wins);
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>Wall of wins · Sourced</title>
        ${STYLE_ELEMENT}
      </head>
      <body>
        <header>
          <h1>Wall of wins</h1>
          <p>Outcomes that started with a post, in the words of the people who made them happen.</p>
        </header>
        ${filters(page)}
        <main data-testid="wall">
          ${
            groups.length === 0
              ? html`<p class="empty" data-testid="wall-empty">No wins match these filters yet.</p>`
              : groups.map(
                  ([team, months]) =>
                    html`<section data-testid="wall-team" data-team="${team}">
                      <h2>${team}</h2>
                      ${months.map(
                        ([month, wins]) =>
                          html`<h3>${monthLabel(month)}</h3>
                            ${wins.map(win)}`,
                      )}
                    </section>`,
                )
          }
          ${
            page.truncated
              ? html`<p class="more">
                  Showing the ${page.wins.length} most recent wins: narrow the filters, or download
                  the CSV for all of them.
                </p>`
              : ''
          }
        </main>
      </body>
    </html>`;
}
