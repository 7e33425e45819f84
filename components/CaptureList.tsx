/** The list of captures in the popup: newest first, each with its status in words. */
import type { Capture } from '../lib/capture';
import { OUTCOME_LABELS, STAGE_LABELS } from './CaptureForm';

export const STATUS_LABELS: Record<Capture['status'], string> = {
  draft: 'Draft',
  queued: 'Queued',
  delivering: 'Delivering',
  delivered: 'Delivered',
  failed: 'Failed',
  withdrawn: 'Withdrawn',
};

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

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
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(seconds, 'second');
}

export function formatValue(value: Capture['outcome']['value']): string | undefined {
  if (!value) return undefined;
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: value.currency }).format(
      value.amount,
    );
  } catch {
    return `${value.amount} ${value.currency}`;
  }
}

export function CaptureItem({ capture }: { capture: Capture }) {
  const { post, outcome } = capture;
  const author = post.author.name ?? post.author.handle ?? 'Unknown author';
  const value = formatValue(outcome.value);
  return (
    <li
      class="capture"
      data-testid="capture-item"
      data-capture-id={capture.id}
      data-status={capture.status}
      tabIndex={0}
    >
      <div class="capture-head">
        <span class="platform" aria-label={capture.platform === 'x' ? 'X' : 'LinkedIn'}>
          {capture.platform === 'x' ? '𝕏' : 'in'}
        </span>
        <strong class="author">{author}</strong>
        <span class={`status status-${capture.status}`}>{STATUS_LABELS[capture.status]}</span>
      </div>
      <div class="outcome">
        {OUTCOME_LABELS[outcome.type]} · {STAGE_LABELS[outcome.stage]}
        {value ? ` · ${value}` : ''}
      </div>
      {post.excerpt ? <p class="excerpt">{post.excerpt}</p> : null}
      {capture.status === 'failed' && capture.lastError ? (
        <p class="error">{capture.lastError}</p>
      ) : null}
      <div class="capture-foot">
        <time dateTime={capture.capturedAt}>{relativeTime(capture.capturedAt)}</time>
        <a href={post.url} target="_blank" rel="noopener noreferrer">
          Open post
        </a>
      </div>
    </li>
  );
}

export function CaptureList({ captures }: { captures: Capture[] }) {
  return (
    <ul class="captures" data-testid="capture-list">
      {captures.map((capture) => (
        <CaptureItem capture={capture} key={capture.id} />
      ))}
    </ul>
  );
}
