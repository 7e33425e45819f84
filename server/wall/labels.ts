/** Words and formats the wall page and the CSV share. */
import type { CaptureData } from '../../lib/capture';

export { OUTCOME_LABELS, PLATFORM_LABELS, STAGE_LABELS } from '../../lib/capture-constants';

export const NO_TEAM = 'No team';

export function monthOf(day: string): string {
  return day.slice(0, 7);
}

export function monthLabel(month: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${month}-01T00:00:00Z`));
}

export function formatValue(value: CaptureData['outcome']['value']): string | undefined {
  if (!value) return undefined;
  try {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency: value.currency }).format(
      value.amount,
    );
  } catch {
    return `${value.amount} ${value.currency}`;
  }
}

/** Stored data passed the schema, but a link is checked again where it becomes an href. */
export function safeHttpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
