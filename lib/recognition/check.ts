/**
 * The background's job for protocol v1.1: ask the status URL of each delivered capture that is
 * due (lib/recognition/schedule.ts) and keep what the endpoint says. A GET with the endpoint's
 * bearer token and custom headers and nothing else, through the delivery's own fetch (timeout,
 * no redirects followed, a bounded read) and only where the extension has the host permission.
 * Nothing here ever becomes an error for the user: an endpoint without v1.1 shows no status, and
 * an answer that is not a valid state document is no news.
 */
import type { Capture } from '../capture';
import type { SourcedDatabase } from '../db/database';
import { originPattern, type EndpointConfig } from '../delivery/endpoint-config';
import { deliver } from '../delivery/fetch-with-timeout';
import { credentialHeaders } from '../delivery/request';
import { effectiveEndpoint } from '../settings/effective';
import { statusUrlOf, type RecognitionRecord, type StateDocument } from './record';
import { recognitionDue, recognitionTracked, type CheckTrigger } from './schedule';
import { parseStateDocument } from './state-document';
import { allowedStatusUrl } from './status-url';

/** Enough for a state document with a 500-character comment and a long list of names. */
export const MAX_STATE_BYTES = 16_384;
/** A status request is small and optional: it gives up sooner than a delivery. */
export const STATUS_TIMEOUT_MS = 10_000;
/** Requests in flight at once, and at most this many captures asked per run. */
const CONCURRENCY = 4;
export const MAX_PER_RUN = 200;

export interface RecognitionDeps {
  db: SourcedDatabase;
  now?: () => Date;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  /** Whether the extension may reach this origin pattern (an optional host permission). */
  hasPermission?: (pattern: string) => Promise<boolean>;
}

export interface CheckSummary {
  /** Status URLs asked in this run. */
  asked: number;
  /** Captures whose recognition state changed. */
  changed: number;
}

/** What one status request said. */
type Answer =
  | { kind: 'document'; document: StateDocument }
  | { kind: 'stop'; stopped: 'not-found' | 'gone' }
  | { kind: 'no-news' };

export async function checkRecognition(
  deps: RecognitionDeps,
  trigger: CheckTrigger,
): Promise<CheckSummary> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const summary: CheckSummary = { asked: 0, changed: 0 };
  if (trigger === 'schedule') await forgetDeleted(db);

  // The endpoint in effect: the organisation's (policy) or the one saved in the settings.
  const config = (await effectiveEndpoint(db))?.config;
  // Slack, Teams: no v1.1. No endpoint: nobody to ask.
  if (!config || config.format !== 'sourced.v1') return summary;
  if (deps.hasPermission && !(await deps.hasPermission(originPattern(config.url)))) return summary;

  const delivered = await db.captures.where('status').equals('delivered').toArray();
  const tracked = delivered.filter((c) => recognitionTracked(c, now));
  const records = await db.recognition.bulkGet(tracked.map((c) => c.id));
  const due = tracked
    .map((capture, index) => ({ capture, record: records[index] }))
    // A status URL of another origin than today's endpoint (the endpoint changed) is not asked:
    // the token and headers of this endpoint must not go there.
    .filter(
      ({ capture, record }) =>
        recognitionDue(capture, record, now, trigger) &&
        allowedStatusUrl(statusUrlOf(capture), config) !== undefined,
    )
    .slice(0, MAX_PER_RUN);

  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const { capture } = due[next++]!;
      const answer = await ask(deps, config, capture);
      summary.asked++;
      if (await record(db, capture, answer, now)) summary.changed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, worker));
  return summary;
}

async function ask(
  deps: RecognitionDeps,
  config: EndpointConfig,
  capture: Capture,
): Promise<Answer> {
  const url = statusUrlOf(capture)!;
  try {
    const response = await deliver(
      {
        url,
        init: {
          method: 'GET',
          headers: { Accept: 'application/json', ...credentialHeaders(config) },
          redirect: 'manual',
        },
      },
      {
        timeoutMs: deps.timeoutMs ?? STATUS_TIMEOUT_MS,
        fetch: deps.fetch,
        maxBytes: MAX_STATE_BYTES,
      },
    );
    if (response.status === 404) return { kind: 'stop', stopped: 'not-found' };
    if (response.status === 410) return { kind: 'stop', stopped: 'gone' };
    if (response.status < 200 || response.status >= 300) return { kind: 'no-news' };
    const document = parseStateDocument(response.bodyText, capture.id);
    return document ? { kind: 'document', document } : { kind: 'no-news' };
  } catch {
    // No answer (timeout, network): no news, asked again on the schedule.
    return { kind: 'no-news' };
  }
}

/**
 * Keep the answer, unless the capture changed while it was asked (a new revision delivered,
 * withdrawn, deleted): the answer was about what it was. Returns whether the state changed.
 */
async function record(
  db: SourcedDatabase,
  asked: Capture,
  answer: Answer,
  now: Date,
): Promise<boolean> {
  return db.transaction('rw', db.captures, db.recognition, async () => {
    const capture = await db.captures.get(asked.id);
    if (
      capture?.status !== 'delivered' ||
      capture.deliveredRevision !== asked.deliveredRevision ||
      statusUrlOf(capture) !== statusUrlOf(asked)
    ) {
      return false;
    }
    const revision = capture.deliveredRevision!;
    const before = await db.recognition.get(capture.id);
    const next: RecognitionRecord = {
      captureId: capture.id,
      askedRevision: revision,
      checkedAt: now.toISOString(),
      ...(before?.document ? { document: before.document } : {}),
    };
    if (answer.kind === 'document') {
      next.document = answer.document;
      // Final for this revision: a decision about an older one is not, the receiver answers
      // `pending` for a newer revision until a reviewer decides on it.
      if (answer.document.state !== 'pending' && answer.document.revision >= revision) {
        next.stopped = 'final';
      }
    } else if (answer.kind === 'stop') {
      next.stopped = answer.stopped;
    }
    await db.recognition.put(next);
    return (
      JSON.stringify(before?.document) !== JSON.stringify(next.document) ||
      before?.stopped !== next.stopped
    );
  });
}

/** Drop the rows of captures deleted from this browser. */
async function forgetDeleted(db: SourcedDatabase): Promise<void> {
  await db.transaction('rw', db.captures, db.recognition, db.followupSnoozes, async () => {
    const kept = new Set(await db.captures.toCollection().primaryKeys());
    for (const table of [db.recognition, db.followupSnoozes]) {
      const gone = (await table.toCollection().primaryKeys()).filter((id) => !kept.has(id));
      if (gone.length) await table.bulkDelete(gone);
    }
  });
}
