/**
 * When the extension asks a capture's status URL (protocol v1.1): at most once an hour per
 * capture on its own schedule, and again when the popup opens; only delivered captures whose last
 * delivery is under 90 days old; never again for a revision once the answer was final or the
 * endpoint said 404/410. A newer delivered revision (an update after a decision) is asked at once.
 * Pure functions of the capture, its record and the time, so the schedule is tested without I/O.
 */
import type { Capture } from '../capture';
import { statusUrlOf, type RecognitionRecord } from './record';

export const HOUR_MS = 3_600_000;
/** Captures delivered longer ago than this are not asked any more. */
export const MAX_AGE_MS = 90 * 24 * HOUR_MS;
/**
 * Opening the popup asks again, but not a capture asked in the last few seconds: a user opening
 * and closing it repeatedly must not turn into a request per capture each time.
 */
export const POPUP_MIN_INTERVAL_MS = 10_000;

/** Why the check runs: the background's schedule, or the popup opening. */
export type CheckTrigger = 'schedule' | 'popup';

type Checked = Pick<Capture, 'status' | 'receipt' | 'deliveredAt' | 'deliveredRevision'>;

/** Whether the capture is one the endpoint may tell about at all (v1.1, delivered, recent). */
export function recognitionTracked(capture: Checked, now: Date): boolean {
  if (capture.status !== 'delivered' || !statusUrlOf(capture)) return false;
  if (!capture.deliveredAt || capture.deliveredRevision === undefined) return false;
  return now.getTime() - Date.parse(capture.deliveredAt) < MAX_AGE_MS;
}

/** Whether to ask the status URL of `capture` now. */
export function recognitionDue(
  capture: Checked,
  record: RecognitionRecord | undefined,
  now: Date,
  trigger: CheckTrigger,
): boolean {
  if (!recognitionTracked(capture, now)) return false;
  if (!record || record.askedRevision < capture.deliveredRevision!) return true;
  if (record.stopped) return false;
  const since = now.getTime() - Date.parse(record.checkedAt);
  // A clock set back leaves `since` negative: asking again is the safe side.
  if (since < 0) return true;
  return since >= (trigger === 'popup' ? POPUP_MIN_INTERVAL_MS : HOUR_MS);
}
