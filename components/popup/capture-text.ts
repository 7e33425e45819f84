/**
 * What a capture's row says and offers, as plain functions: shared by the list (CaptureList) and
 * the popup's first screen, which is built before Preact has loaded (first-screen.ts).
 */
import type { Capture } from '../../lib/capture';

export const STATUS_LABELS: Record<Capture['status'], string> = {
  draft: 'Draft',
  queued: 'Queued',
  delivering: 'Delivering',
  delivered: 'Delivered',
  failed: 'Failed',
  withdrawn: 'Withdrawn',
};

/** Made at first use: the first screen's script should not pay for it before it has rows. */
let relative: Intl.RelativeTimeFormat | undefined;

export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 31536000],
    ['month', 2592000],
    ['week', 604800],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  for (const [unit, size] of steps) {
    relative ??= new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  relative ??= new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  return relative.format(seconds, 'second');
}

/**
 * When something already happened ("3 minutes ago"): a time ahead of this clock (another
 * device's clock, a skewed one) and the last seconds read "just now", never "in 3 seconds".
 */
export function sinceTime(iso: string, now = Date.now()): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return 'at an unknown time';
  return now - time < 45_000 ? 'just now' : relativeTime(iso, now);
}

/** When something is due ("in 2 minutes"): a time already past reads "shortly", never "ago". */
export function untilTime(iso: string, now = Date.now()): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return 'later';
  return time - now < 45_000 ? 'shortly' : relativeTime(iso, now);
}

/** Which actions a capture's state allows (the lifecycle refuses the others anyway). */
export function allowedActions(capture: Capture) {
  const settled = capture.status !== 'delivering' && capture.status !== 'withdrawn';
  return {
    edit: settled && capture.intent !== 'withdraw',
    submit: capture.status === 'draft',
    retry: capture.status === 'failed',
    withdraw: settled && capture.deliveredRevision !== undefined && capture.intent !== 'withdraw',
    remove: capture.status !== 'delivering',
  };
}

/** The line under a capture that says why it is in its state, when that needs saying. */
export function statusDetail(capture: Capture, now: number): string | undefined {
  switch (capture.status) {
    case 'failed':
      return `Refused by the endpoint: ${capture.lastError ?? 'no reason given'}. Edit it, then retry.`;
    case 'queued': {
      if (capture.intent === 'withdraw') return 'Withdrawal waiting to be delivered.';
      if (!capture.lastError) return undefined;
      const next = capture.nextAttemptAt ? ` ${untilTime(capture.nextAttemptAt, now)}` : '';
      return `Trying again${next}: ${capture.lastError}`;
    }
    case 'draft':
      return capture.deliveredRevision !== undefined
        ? 'Changed since it was delivered: submit to send the change.'
        : undefined;
    case 'withdrawn':
      return capture.deliveredRevision !== undefined
        ? 'The endpoint was told this win is withdrawn.'
        : undefined;
    default:
      return undefined;
  }
}
