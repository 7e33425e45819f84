/**
 * The wall of wins: outcomes grouped by team and month, each shown once with everyone it credits,
 * the reviewer's word and the source post. Confirmed wins by default; a switch adds those awaiting
 * review. Rendered on the server with Hono's `html` template, which escapes every interpolated
 * value: post text, names, notes and comments are hostile data. No script at all.
 */
import { html } from 'hono/html';
import { OUTCOME_STAGES, OUTCOME_TYPES } from '../../lib/capture';
import type { Win, WinMember } from '../storage/recognition';
import { document, PAGE_STYLE_HASH, pre } from './layout';
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

/** The CSP source of the pages' one stylesheet (kept under its old name for the receiver). */
export const WALL_STYLE_HASH = PAGE_STYLE_HASH;

export const STATE_LABELS = {
  pending: 'Awaiting review',
  confirmed: 'Confirmed',
  declined: 'Declined',
} as const;

export interface WallPage {
  wins: Win[];
  teams: string[];
  query: WallQuery;
  /** True when more wins matched than the page shows. */
  truncated: boolean;
  /** Set when a reviewer is signed in: the page links to the review page. */
  reviewer?: boolean;
}

/**
 * Wins grouped by team (named teams A→Z, then no team), then month (newest first). A win shared
 * across teams is shown once, under the team of the capture that stands for it.
 */
export function groupWins(wins: Win[]): [string, [string, Win[]][]][] {
  const teams = new Map<string, Map<string, Win[]>>();
  for (const win of wins) {
    const team = win.lead.data.employee.team ?? NO_TEAM;
    const months = teams.get(team) ?? teams.set(team, new Map()).get(team)!;
    const month = monthOf(win.lead.happenedOn);
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
    class="filters"
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
    <label class="check"
      ><input
        type="checkbox"
        name="pending"
        value="1"
        data-testid="wall-filter-pending"
        ${query.pending ? html`checked` : ''}
      />
      Include wins awaiting review</label
    >
    <button type="submit">Filter</button>
    <a href="/wins.csv${wallQueryString({ ...query, pending: undefined })}" data-testid="wall-csv"
      >Download CSV of confirmed wins</a
    >
  </form>`;
}

/** "Ada Example (Sales)": a credited person as the wall names them. */
export function personLabel(member: WinMember): string {
  const { name, team } = member.capture.data.employee;
  return `${name ?? 'An employee'}${team ? ` (${team})` : ''}`;
}

/** The reviewer's decision on the win, in the words of the capture that stands for it. */
function decision(win: Win) {
  const review =
    win.members.find((m) => m.capture === win.lead)?.review ??
    win.members.find((m) => m.review)?.review;
  if (!review || win.state === 'pending') return '';
  const by = review.by ? html` by ${review.by}` : '';
  const comment = review.comment ? html`: “${pre(review.comment)}”` : '';
  return html`<p class="review" data-testid="win-review">
    ${STATE_LABELS[review.state]}${by}${comment}
  </p>`;
}

function win(item: Win) {
  const { data } = item.lead;
  const { outcome, post } = data;
  const postUrl = safeHttpUrl(post.url);
  const author = post.author.name ?? post.author.handle ?? 'an unnamed author';
  const crmUrl = safeHttpUrl(outcome.crmRef);
  const value = formatValue(outcome.value);
  const notes = item.members.filter((m) => m.capture.data.outcome.note);
  return html`<article
    data-testid="win"
    data-capture-id="${data.id}"
    data-capture-ids="${item.members.map((m) => m.capture.data.id).join(' ')}"
    data-state="${item.state}"
  >
    <div class="outcome">
      ${OUTCOME_LABELS[outcome.type]} · ${STAGE_LABELS[outcome.stage]}
      ${value ? html` · <span class="value">${value}</span>` : ''}
      ${
        item.state === 'confirmed'
          ? ''
          : html` <span class="state state-${item.state}">${STATE_LABELS[item.state]}</span>`
      }
    </div>
    <p class="meta" data-testid="win-credits">
      Made happen by ${item.members.map(personLabel).join(', ')}
    </p>
    ${notes.map(
      (m) =>
        html`<p class="note">
          ${pre(m.capture.data.outcome.note!)}${
            item.members.length > 1
              ? html` <span class="meta">— ${m.capture.data.employee.name ?? 'An employee'}</span>`
              : ''
          }
        </p>`,
    )}
    ${decision(item)} ${post.excerpt ? html`<blockquote>${post.excerpt}</blockquote>` : ''}
    <div class="meta">
      ${item.lead.happenedOn} ·
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

/**
 * Confirmed value per team and month, from the confirmed wins on the page. A win shared by two
 * teams counts once for each of them: these are team totals, never a sum across teams, and no
 * person is counted or ranked.
 */
export function teamTotals(wins: Win[]): { team: string; month: string; values: string }[] {
  const sums = new Map<string, Map<string, number>>();
  for (const win of wins) {
    const value = win.lead.data.outcome.value;
    if (win.state !== 'confirmed' || !value) continue;
    const teams = new Set(win.members.map((m) => m.capture.data.employee.team ?? NO_TEAM));
    for (const team of teams) {
      const key = JSON.stringify([team, monthOf(win.lead.happenedOn)]);
      const byCurrency = sums.get(key) ?? sums.set(key, new Map()).get(key)!;
      byCurrency.set(value.currency, (byCurrency.get(value.currency) ?? 0) + value.amount);
    }
  }
  return [...sums.entries()]
    .map(([key, byCurrency]) => {
      const [team, month] = JSON.parse(key) as [string, string];
      const values = [...byCurrency.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, amount]) => formatValue({ amount, currency }))
        .join(' + ');
      return { team, month, values };
    })
    .sort((a, b) =>
      a.month === b.month ? a.team.localeCompare(b.team, 'en') : a.month < b.month ? 1 : -1,
    );
}

function totals(wins: Win[]) {
  const rows = teamTotals(wins);
  if (rows.length === 0) return '';
  return html`<section aria-labelledby="totals-heading" data-testid="wall-totals">
    <h2 id="totals-heading">Confirmed value by team</h2>
    <table>
      <thead>
        <tr>
          <th scope="col">Month</th>
          <th scope="col">Team</th>
          <th scope="col">Confirmed value</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) =>
            html`<tr>
              <td>${monthLabel(row.month)}</td>
              <td>${row.team}</td>
              <td>${row.values}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

export function renderWall(page: WallPage) {
  const groups = groupWins(page.wins);
  return document(
    'Wall of wins',
    html`<header>
        <h1>Wall of wins</h1>
        <p>Outcomes that started with a post, in the words of the people who made them happen.</p>
        ${page.reviewer ? html`<nav><a href="/review">Review wins</a></nav>` : ''}
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
                the CSV for all confirmed ones.
              </p>`
            : ''
        }
        ${totals(page.wins)}
      </main>`,
  );
}
