/**
 * What the extension knows of a delivered capture's recognition (protocol v1.1 of the recognition
 * endpoint contract): the last state document the endpoint answered and when it was asked. Kept
 * in its own table, one row per capture, so that asking never rewrites the capture itself (its
 * `updatedAt` says when the employee last changed it, which the follow-up reads). Free of Zod and
 * of the database, so the popup's first screen can use it.
 */
import type { Capture } from '../capture';

export const RECOGNITION_STATES = ['pending', 'confirmed', 'declined'] as const;
export type RecognitionState = (typeof RECOGNITION_STATES)[number];

export interface Credit {
  name?: string;
  team?: string;
}

/** The endpoint's answer, once validated (lib/recognition/state-document.ts). */
export interface StateDocument {
  captureId: string;
  /** The revision of the capture the state is about. */
  revision: number;
  state: RecognitionState;
  by?: string;
  /** Plain text, at most 500 characters. */
  comment?: string;
  credits?: Credit[];
  at?: string;
}

export interface RecognitionRecord {
  captureId: string;
  /** The capture's delivered revision when it was last asked: a newer one asks again. */
  askedRevision: number;
  /** When it was last asked, answered or not. */
  checkedAt: string;
  /** The last valid state document; absent until one arrived. */
  document?: StateDocument;
  /** Asking stopped for `askedRevision`: a final state, or the endpoint said 404/410. */
  stopped?: 'final' | 'not-found' | 'gone';
}

/** What the popup shows of a capture's recognition. */
export interface RecognitionView {
  state: RecognitionState;
  by?: string;
  comment?: string;
  /** Everyone the win credits, when the endpoint said so. */
  credits: Credit[];
}

/** The v1.1 status URL a capture's receipt gave, if any. */
export function statusUrlOf(capture: Pick<Capture, 'receipt'>): string | undefined {
  return capture.receipt?.status;
}

/**
 * What to show for a capture, or undefined to show nothing: an endpoint without v1.1 (no status
 * URL: Slack, Teams, any v1 receiver), a withdrawn capture, or one the endpoint no longer knows.
 * A decision about an older revision than the capture's own is no decision on this one: pending.
 */
export function recognitionView(
  capture: Pick<Capture, 'receipt' | 'status' | 'revision' | 'intent' | 'deliveredRevision'>,
  record: RecognitionRecord | undefined,
): RecognitionView | undefined {
  if (!statusUrlOf(capture) || capture.status === 'withdrawn' || capture.intent === 'withdraw') {
    return undefined;
  }
  const forgotten = record?.stopped === 'not-found' || record?.stopped === 'gone';
  if (forgotten && record.askedRevision >= (capture.deliveredRevision ?? 0)) return undefined;
  const document = record?.document;
  if (!document || document.revision < capture.revision) {
    return { state: 'pending', credits: document?.credits ?? [] };
  }
  return {
    state: document.state,
    by: document.state === 'pending' ? undefined : document.by,
    comment: document.state === 'pending' ? undefined : document.comment,
    credits: document.credits ?? [],
  };
}
