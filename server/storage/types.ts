/**
 * The receiver's storage, behind one small interface so that SQLite (one receiver, zero set-up) and
 * PostgreSQL (several receivers behind a load balancer) pass the same test suite.
 */
import type { CaptureData } from '../../lib/capture';
import { OUTCOME_STAGES, OUTCOME_TYPES } from '../../lib/capture';
import type { CaptureEventType } from '../../lib/delivery/event';
import type { DecisionInput, Win, WinQuery } from './recognition';

/** The events that change a stored capture (`capture.test` never reaches the store). */
export type StoredEventType = CaptureEventType;

export type OutcomeType = (typeof OUTCOME_TYPES)[number];
export type OutcomeStage = (typeof OUTCOME_STAGES)[number];

/** One accepted, verified and validated delivery. */
export interface IncomingEvent {
  /** The idempotency key: `webhook-id` (or `Idempotency-Key`), `<capture id>.<revision>`. */
  key: string;
  /** Hex SHA-256 of the canonical `{type, data}`: a retry of the same event hashes the same. */
  bodySha256: string;
  type: StoredEventType;
  data: CaptureData;
  receivedAt: Date;
}

/**
 * created/updated/withdrawn: the event changed the stored capture. stale: a revision not newer
 * than the stored one (kept out). duplicate: this key was seen with this body. conflict: this key
 * was seen with another body. other-employee: the capture id belongs to the employee of its first
 * revision, and this event names someone else. revision-jump: the revision is more than
 * MAX_REVISION_STEP above the stored one. Neither of the last two records the event's key, so
 * they cannot pre-claim the owner's next event id.
 */
export type ReceiveOutcome =
  | 'created'
  | 'updated'
  | 'withdrawn'
  | 'stale'
  | 'duplicate'
  | 'conflict'
  | 'other-employee'
  | 'revision-jump';

export interface ReceiveResult {
  outcome: ReceiveOutcome;
  /** The capture the key belongs to (the first body's capture on a conflict). */
  captureId: string;
  /** On revision-jump: the stored revision (0 when the capture is new). */
  storedRevision?: number;
}

/**
 * How far a revision may go above the stored one (or above 0 for a new capture). The extension
 * adds one per edit after delivery; a huge jump, up to 2^53-1, would freeze a capture, since no
 * later revision could ever be newer.
 */
export const MAX_REVISION_STEP = 100;

/**
 * The employee a capture id is bound to: the email of its first revision, compared without case
 * ('' when the capture names no email).
 */
export function ownerOf(data: CaptureData): string {
  return (data.employee.email ?? '').toLowerCase();
}

export interface StoredCapture {
  data: CaptureData;
  withdrawn: boolean;
  /** YYYY-MM-DD the outcome happened: `occurredAt`, else the submission or capture day (UTC). */
  happenedOn: string;
  receivedAt: string;
  updatedAt: string;
}

export interface WinsFilter {
  team?: string;
  outcomeType?: OutcomeType;
  /** Stages to show; the wall passes every stage but `lost` unless asked for one. */
  stages?: readonly OutcomeStage[];
  /** Inclusive months, YYYY-MM. */
  fromMonth?: string;
  toMonth?: string;
  captureId?: string;
  /** Only the wins after this one in the wall's order: the next page of a long listing. */
  after?: WinsCursor;
  /** Newest first; at most this many. */
  limit?: number;
}

/** A place in the wall's order (happened_on, received_at, id, all descending): a page's last win. */
export interface WinsCursor {
  happenedOn: string;
  receivedAt: string;
  id: string;
}

export interface CaptureStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Records the event once per key and applies it when its revision is newer than the stored one. */
  receive(event: IncomingEvent): Promise<ReceiveResult>;
  /** A capture by id, withdrawn or not. */
  get(id: string): Promise<StoredCapture | undefined>;
  /** Captures not withdrawn that match the filter, newest `happenedOn` first. */
  wins(filter: WinsFilter): Promise<StoredCapture[]>;
  /** The teams of captures not withdrawn, sorted, for the wall's filter. */
  teams(): Promise<string[]>;
  /** Wins (captures grouped by post, with their review state) that match, newest first. */
  recognitionWins(query: WinQuery): Promise<Win[]>;
  /**
   * Records decisions, each only if its capture is still at that revision and not withdrawn.
   * Answers the ids of the captures decided.
   */
  decide(decisions: readonly DecisionInput[]): Promise<string[]>;
  /** Throws when the database cannot answer (the health endpoint's check). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The day an outcome counts for on the wall, as YYYY-MM-DD. */
export function happenedOn(data: CaptureData): string {
  if (data.outcome.occurredAt) return data.outcome.occurredAt;
  return new Date(data.submittedAt ?? data.capturedAt).toISOString().slice(0, 10);
}

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Inclusive bounds on YYYY-MM-DD strings, which compare correctly as text in both databases. */
export function dayBounds(filter: Pick<WinsFilter, 'fromMonth' | 'toMonth'>): {
  from?: string;
  to?: string;
} {
  return {
    from: filter.fromMonth && MONTH.test(filter.fromMonth) ? `${filter.fromMonth}-01` : undefined,
    to: filter.toMonth && MONTH.test(filter.toMonth) ? `${filter.toMonth}-31` : undefined,
  };
}

export const DEFAULT_WINS_LIMIT = 1000;
