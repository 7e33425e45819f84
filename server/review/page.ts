/**
 * The reviewers' pages: the sign-in form and the list of wins to confirm or decline. Server-rendered
 * with the wall's escaping template and stylesheet; plain forms and real buttons, so that the page
 * works from the keyboard and without script.
 */
import { html } from 'hono/html';
import { OUTCOME_STAGES } from '../../lib/capture';
import { MAX_COMMENT_LENGTH, type Win } from '../storage/recognition';
import {
  OUTCOME_LABELS,
  PLATFORM_LABELS,
  STAGE_LABELS,
  formatValue,
  safeHttpUrl,
} from '../wall/labels';
import { document, pre } from '../wall/layout';
import { STATE_LABELS, personLabel } from '../wall/page';
import { reviewQueryString, type ReviewQuery } from './query';

export interface SignInPage {
  /** Where to go after signing in (already checked to be one of this receiver's pages). */
  next: string;
  error?: string;
}

export function renderSignIn(page: SignInPage) {
  return document(
    'Sign in',
    html`<header>
        <h1>Sign in</h1>
        <p>
          Enter the reviewer token to review wins, or the viewer token to read the wall of wins. The
          person who runs the receiver has them.
        </p>
      </header>
      <main>
        ${page.error ? html`<p class="error" role="alert">${page.error}</p>` : ''}
        <form method="post" action="/sign-in" class="filters">
          <input type="hidden" name="next" value="${page.next}" />
          <label
            >Token
            <input
              type="password"
              name="token"
              required
              autocomplete="current-password"
              data-testid="review-token"
          /></label>
          <label
            >Your name (shown to the people whose wins you review)
            <input
              type="text"
              name="name"
              autocomplete="name"
              maxlength="200"
              data-testid="review-name"
          /></label>
          <button type="submit" data-testid="review-login">Sign in</button>
        </form>
      </main>`,
  );
}

export interface ReviewPage {
  wins: Win[];
  teams: string[];
  query: ReviewQuery;
  csrf: string;
  name?: string;
  truncated: boolean;
  /** What the last action did, from the redirect's query string. */
  notice?: string;
}

function option(value: string, label: string, selected: string | undefined) {
  return html`<option value="${value}" ${value === selected ? html`selected` : ''}>
    ${label}
  </option>`;
}

function filters(page: ReviewPage) {
  const { query, teams } = page;
  return html`<form method="get" action="/review" class="filters" data-testid="review-filters">
    <label
      >Team
      <select name="team" data-testid="review-filter-team">
        <option value="">All teams</option>
        ${teams.map((team) => option(team, team, query.team))}
      </select></label
    >
    <label
      >Stage
      <select name="stage" data-testid="review-filter-stage">
        <option value="">All stages</option>
        ${OUTCOME_STAGES.map((stage) => option(stage, STAGE_LABELS[stage], query.stage))}
      </select></label
    >
    <label
      >State
      <select name="state" data-testid="review-filter-state">
        ${option('pending', 'Awaiting review', query.state)}
        ${option('confirmed', 'Confirmed', query.state)}
        ${option('declined', 'Declined', query.state)} ${option('all', 'All', query.state)}
      </select></label
    >
    <button type="submit">Filter</button>
  </form>`;
}

function item(win: Win, index: number, page: ReviewPage) {
  const { data } = win.lead;
  const { outcome, post } = data;
  const value = formatValue(outcome.value);
  const postUrl = safeHttpUrl(post.url);
  const author = post.author.name ?? post.author.handle ?? 'an unnamed author';
  const commentId = `comment-${index}`;
  const headingId = `win-${index}`;
  const decided = win.members.find((m) => m.review)?.review;
  return html`<li>
    <article
      data-testid="review-item"
      data-state="${win.state}"
      data-capture-ids="${win.members.map((m) => m.capture.data.id).join(' ')}"
      aria-labelledby="${headingId}"
    >
      <h2 id="${headingId}">
        ${OUTCOME_LABELS[outcome.type]} ·
        ${STAGE_LABELS[outcome.stage]}${value ? ` · ${value}` : ''}
        <span class="state state-${win.state}">${STATE_LABELS[win.state]}</span>
      </h2>
      <p class="meta">
        ${win.lead.happenedOn} · credited to ${win.members.length}
        ${win.members.length === 1 ? 'person' : 'people'}:
      </p>
      <ul class="people">
        ${win.members.map(
          (m) =>
            html`<li data-testid="review-person">
              ${personLabel(m)}
              ${
                m.state !== win.state
                  ? html` <span class="state state-${m.state}">${STATE_LABELS[m.state]}</span>`
                  : ''
              }
              ${
                m.capture.data.outcome.note
                  ? html`<p class="note">${pre(m.capture.data.outcome.note)}</p>`
                  : ''
              }
            </li>`,
        )}
      </ul>
      ${post.excerpt ? html`<blockquote>${post.excerpt}</blockquote>` : ''}
      <p class="meta">
        ${
          postUrl
            ? html`<a href="${postUrl}" rel="noopener noreferrer"
                >${PLATFORM_LABELS[data.platform]} post by ${author}</a
              >`
            : html`${PLATFORM_LABELS[data.platform]} post by ${author}`
        }
        ${outcome.crmRef ? html` · CRM: ${outcome.crmRef}` : ''}
      </p>
      ${
        decided && win.state !== 'pending'
          ? html`<p class="review">
              ${STATE_LABELS[decided.state]}${decided.by ? html` by ${decided.by}` : ''} on
              ${decided.at.slice(0, 10)}${decided.comment ? html`: “${pre(decided.comment)}”` : ''}
            </p>`
          : ''
      }
      <form method="post" action="/review/decide">
        <input type="hidden" name="csrf" value="${page.csrf}" />
        <input type="hidden" name="back" value="/review${reviewQueryString(page.query)}" />
        ${win.members.map(
          (m) =>
            html`<input
              type="hidden"
              name="member"
              value="${m.capture.data.id}.${m.capture.data.revision}"
            />`,
        )}
        <label for="${commentId}"
          >Comment for the people credited (optional, at most ${MAX_COMMENT_LENGTH}
          characters)</label
        >
        <textarea
          id="${commentId}"
          name="comment"
          maxlength="${MAX_COMMENT_LENGTH}"
          data-testid="review-comment"
        ></textarea>
        <div class="actions">
          <button type="submit" name="decision" value="confirmed" data-testid="review-confirm">
            Confirm
          </button>
          <button type="submit" name="decision" value="declined" data-testid="review-decline">
            Decline
          </button>
        </div>
      </form>
    </article>
  </li>`;
}

export function renderReview(page: ReviewPage) {
  return document(
    'Review wins',
    html`<header>
        <h1>Review wins</h1>
        <p>
          Confirm the outcomes that happened; the people credited see your decision and comment.
          ${page.name ? html`Signed in as ${page.name}.` : ''}
        </p>
        <nav>
          <a href="/">Wall of wins</a>
          <form method="post" action="/sign-out">
            <input type="hidden" name="csrf" value="${page.csrf}" />
            <button type="submit">Sign out</button>
          </form>
        </nav>
      </header>
      ${filters(page)}
      <div role="status">${page.notice ? html`<p class="notice">${page.notice}</p>` : ''}</div>
      <main>
        ${
          page.wins.length === 0
            ? html`<p class="empty" data-testid="review-empty">No wins match these filters.</p>`
            : html`<ul class="items" data-testid="review-list">
                ${page.wins.map((win, index) => item(win, index, page))}
              </ul>`
        }
        ${
          page.truncated
            ? html`<p class="more">
                Showing the ${page.wins.length} most recent wins: narrow the filters to see others.
              </p>`
            : ''
        }
      </main>`,
  );
}

export function renderMessage(title: string, message: string) {
  return document(
    title,
    html`<header><h1>${title}</h1></header>
      <main>
        <p>${message}</p>
        <p><a href="/review">Back to the review page</a></p>
      </main>`,
  );
}
