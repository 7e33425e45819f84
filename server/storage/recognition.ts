/**
 * Recognition: captures of the same post form one win that credits everyone who flagged it, and a
 * reviewer confirms or declines that win. Shared by both databases (only placeholders differ).
 *
 * A decision is stored per capture *revision*: a capture updated after a decision is a new revision
 * and so reads as pending again, without the delivery path having to reset anything. A win is
 * pending while any of its captures is; else declined when any is declined; else confirmed.
 */
import type { OutcomeStage, OutcomeType, StoredCapture } from './types';
import { dayBounds } from './types';

export const RECOGNITION_STATES = ['pending', 'confirmed', 'declined'] as const;
export type RecognitionState = (typeof RECOGNITION_STATES)[number];
export type Decision = Exclude<RecognitionState, 'pending'>;

/** At most this many characters of a reviewer's comment, as the v1.1 state document allows. */
export const MAX_COMMENT_LENGTH = 500;
export const MAX_REVIEWER_NAME_LENGTH = 200;

/** A reviewer's decision on one revision of one capture. */
export interface Review {
  state: Decision;
  revision: number;
  by?: string;
  comment?: string;
  /** ISO time of the decision. */
  at: string;
}

export interface WinMember {
  capture: StoredCapture;
  /** `pending` unless the stored decision is for the capture's current revision. */
  state: RecognitionState;
  /** The decision on the current revision, when there is one. */
  review?: Review;
}

export interface Win {
  /** `<platform>:<post id>`, or `url:<post url>` when the post has no id. */
  key: string;
  state: RecognitionState;
  /** The capture updated last: its outcome, stage, value and day stand for the win. */
  lead: StoredCapture;
  /** Everyone credited, in the order they flagged the post. */
  members: WinMember[];
}

export interface WinQuery {
  /** Wins any of whose captures is from this team. */
  team?: string;
  outcomeType?: OutcomeType;
  stages?: readonly OutcomeStage[];
  /** Inclusive months, YYYY-MM, of the lead capture's day. */
  fromMonth?: string;
  toMonth?: string;
  /** The win that holds this capture. */
  captureId?: string;
  states?: readonly RecognitionState[];
  /** Newest first; at most this many wins. */
  limit?: number;
  /** Only the wins of these posts (see postKey): the CSV reads wins a page of captures at a time. */
  postKeys?: readonly string[];
}

export interface DecisionInput {
  captureId: string;
  /** The revision the reviewer saw: a capture revised since then is left pending. */
  revision: number;
  state: Decision;
  by?: string;
  comment?: string;
  at: Date;
}

export const DEFAULT_WIN_LIMIT = 500;

/** The same post as the extension identifies it; mirrors the generated column of migration 2. */
export function postKey(data: StoredCapture['data']): string {
  return data.post.id ? `${data.platform}:${data.post.id}` : `url:${data.post.url}`;
}

/**
 * One row per credited capture of the chosen wins, wins newest first. Parameters are pushed in the
 * order their placeholders appear, so SQLite's positional `?` and PostgreSQL's `$n` both work.
 */
export function winsQuery(
  query: WinQuery,
  placeholder: (index: number) => string,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const mark = (value: unknown) => {
    params.push(value);
    return placeholder(params.length);
  };
  // First: its placeholders come first in the statement. Read along the post key's index, so a
  // page of posts costs a page, not the whole table.
  // (`NOT withdrawn` there: SQLite would otherwise pick the wall's index and read every capture.)
  const live = query.postKeys
    ? `NOT c.withdrawn AND c.post_key IN (${query.postKeys.length ? query.postKeys.map(mark).join(', ') : 'NULL'})`
    : 'c.withdrawn = FALSE';
  const extra: string[] = [];
  if (query.team !== undefined) {
    extra.push(`SUM(CASE WHEN team = ${mark(query.team)} THEN 1 ELSE 0 END) AS team_hits`);
  }
  if (query.captureId !== undefined) {
    extra.push(`SUM(CASE WHEN id = ${mark(query.captureId)} THEN 1 ELSE 0 END) AS id_hits`);
  }
  const where: string[] = ['TRUE'];
  if (query.team !== undefined) where.push('team_hits > 0');
  if (query.captureId !== undefined) where.push('id_hits > 0');
  if (query.outcomeType) where.push(`outcome_type = ${mark(query.outcomeType)}`);
  const inList = (column: string, values: readonly string[]) =>
    where.push(values.length ? `${column} IN (${values.map(mark).join(', ')})` : 'FALSE');
  if (query.stages) inList('stage', query.stages);
  const { from, to } = dayBounds(query);
  if (from) where.push(`happened_on >= ${mark(from)}`);
  if (to) where.push(`happened_on <= ${mark(to)}`);
  if (query.states) inList('win_state', query.states);
  const limit = mark(query.limit ?? DEFAULT_WIN_LIMIT);

  const sql = `
WITH live AS (
  SELECT c.id, c.post_key, c.team, c.outcome_type, c.stage, c.happened_on, c.updated_at,
    CASE WHEN r.revision = c.revision THEN r.state ELSE 'pending' END AS state,
    ROW_NUMBER() OVER (PARTITION BY c.post_key ORDER BY c.updated_at DESC, c.id DESC) AS rn
  FROM sourced_captures c LEFT JOIN sourced_reviews r ON r.capture_id = c.id
  WHERE ${live}
), grouped AS (
  SELECT post_key,
    CASE WHEN SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END) > 0 THEN 'pending'
         WHEN SUM(CASE WHEN state = 'declined' THEN 1 ELSE 0 END) > 0 THEN 'declined'
         ELSE 'confirmed' END AS win_state,
    MAX(CASE WHEN rn = 1 THEN outcome_type END) AS outcome_type,
    MAX(CASE WHEN rn = 1 THEN stage END) AS stage,
    MAX(CASE WHEN rn = 1 THEN happened_on END) AS happened_on,
    MAX(updated_at) AS last_update
    ${extra.map((column) => `, ${column}`).join('')}
  FROM live GROUP BY post_key
), chosen AS (
  SELECT post_key, win_state, happened_on, last_update FROM grouped
  WHERE ${where.join(' AND ')}
  ORDER BY happened_on DESC, last_update DESC, post_key
  LIMIT ${limit}
)
SELECT chosen.post_key AS win_key, chosen.win_state,
  c.data, c.withdrawn, c.happened_on, c.received_at, c.updated_at,
  r.revision AS review_revision, r.state AS review_state, r.reviewer AS review_by,
  r.comment AS review_comment, r.decided_at AS review_at
FROM chosen
JOIN sourced_captures c ON c.post_key = chosen.post_key AND c.withdrawn = FALSE
LEFT JOIN sourced_reviews r ON r.capture_id = c.id
ORDER BY chosen.happened_on DESC, chosen.last_update DESC, chosen.post_key, c.received_at, c.id`;
  return { sql, params };
}

/** A row of `winsQuery`, once the database's own types are turned into the stored capture's. */
export interface WinRow {
  winKey: string;
  winState: RecognitionState;
  capture: StoredCapture;
  review?: Review;
}

/** Rows (already in win order) into wins. */
/** The review columns that both stores join onto a capture row (`review_at` as each returns it). */
export interface ReviewColumns {
  win_key: string;
  win_state: RecognitionState;
  review_revision: number | null;
  review_state: Decision | null;
  review_by: string | null;
  review_comment: string | null;
  review_at: Date | string | null;
}

/** One joined row as a WinRow, the same for SQLite and PostgreSQL. */
export function winRowOf(row: ReviewColumns, capture: StoredCapture): WinRow {
  const at = row.review_at instanceof Date ? row.review_at.toISOString() : row.review_at;
  return {
    winKey: row.win_key,
    winState: row.win_state,
    capture,
    ...(row.review_state && row.review_revision !== null && at
      ? {
          review: {
            state: row.review_state,
            revision: row.review_revision,
            ...(row.review_by ? { by: row.review_by } : {}),
            ...(row.review_comment ? { comment: row.review_comment } : {}),
            at,
          },
        }
      : {}),
  };
}

export function toWins(rows: WinRow[]): Win[] {
  const wins = new Map<string, Win>();
  for (const row of rows) {
    const current = row.review?.revision === row.capture.data.revision ? row.review : undefined;
    const member: WinMember = {
      capture: row.capture,
      state: current?.state ?? 'pending',
      ...(current ? { review: current } : {}),
    };
    const win = wins.get(row.winKey);
    if (!win) {
      wins.set(row.winKey, {
        key: row.winKey,
        state: row.winState,
        lead: row.capture,
        members: [member],
      });
      continue;
    }
    win.members.push(member);
    const lead = win.lead;
    if (
      row.capture.updatedAt > lead.updatedAt ||
      (row.capture.updatedAt === lead.updatedAt && row.capture.data.id > lead.data.id)
    ) {
      win.lead = row.capture;
    }
  }
  return [...wins.values()];
}

/**
 * Optional plain text as stored: line breaks unified, other control characters dropped, trimmed,
 * empty as absent, cut to `max` characters.
 */
export function cleanText(value: string | undefined | null, max: number): string | undefined {
  const text = value
    ?.replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .trim();
  return text ? [...text].slice(0, max).join('') : undefined;
}
