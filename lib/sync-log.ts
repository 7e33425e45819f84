/** One delivery attempt, as the sync log keeps it. URLs are stored without credentials or query. */
import { z } from 'zod';

export const SYNC_RESULTS = ['delivered', 'retry', 'rejected', 'paused', 'gone', 'test'] as const;

export const SyncLogEntrySchema = z.object({
  seq: z.number().int().optional(),
  at: z.iso.datetime(),
  captureId: z.string().max(100).optional(),
  eventId: z.string().max(120),
  url: z.string().max(2048),
  /** HTTP status, or 0 when no response arrived (network error, timeout, refused redirect). */
  status: z.number().int().min(0).max(999),
  result: z.enum(SYNC_RESULTS),
  durationMs: z.number().min(0),
  /** The first 300 characters of an error body, or what went wrong without one. */
  error: z.string().max(300).optional(),
});
export type SyncLogEntry = z.infer<typeof SyncLogEntrySchema>;

/** Strip user info, query and fragment: tokens hide there (Slack and Teams put theirs in the path). */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    const slackOrTeams = /hooks\.slack\.com|logic\.azure\.com|webhook\.office\.com/.test(
      url.hostname,
    );
    // Long opaque path segments are keys in URL-as-secret webhooks (Zapier, Make, …).
    const path = slackOrTeams
      ? url.pathname.split('/').slice(0, 3).join('/') + '/…'
      : url.pathname
          .split('/')
          .map((segment) =>
            segment.length >= 16 && /\d/.test(segment) && /[a-z]/i.test(segment) ? '…' : segment,
          )
          .join('/');
    return `${url.protocol}//${url.host}${path}`;
  } catch {
    // Nothing of an unparsable URL is shown: it could be a key pasted in the wrong field.
    return '(invalid URL)';
  }
}
