/**
 * When to try a delivery again: exponential backoff with full jitter ("up to a day apart", per the
 * delivery contract), or the endpoint's own `Retry-After` when it sent one.
 *
 * Full jitter (a uniform draw below the exponential ceiling) spreads the retries of many devices
 * after an endpoint outage, instead of having them all return at the same instant.
 */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Ceiling of the first retry; it doubles with each failed attempt. */
export const BACKOFF_BASE_MS = 30 * SECOND;
/** The longest wait between two attempts, whatever the attempt count or Retry-After. */
export const BACKOFF_CAP_MS = DAY;
/** Floor of any wait, so a draw near zero never turns into a tight loop. */
export const BACKOFF_MIN_MS = SECOND;

const DAY_NAME = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY_NAME = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/** The three HTTP-date forms of RFC 9110 §5.6.7: IMF-fixdate, obsolete RFC 850, asctime. */
const IMF_FIXDATE = new RegExp(`^${DAY_NAME}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`, 'i');
const RFC850_DATE = new RegExp(`^${LONG_DAY_NAME}, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`, 'i');
const ASCTIME_DATE = new RegExp(`^${DAY_NAME} ${MONTH} [ \\d]\\d ${TIME} \\d{4}$`, 'i');

/**
 * A `Retry-After` value in milliseconds from `now`: delay-seconds or an HTTP date. A past date or
 * a negative number means "now" (0); anything else unparsable is ignored (undefined). Capped at a
 * day so that a hostile or broken endpoint cannot park the queue for a year.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^-?\d+$/.test(text)) return clampDelay(Number(text) * SECOND);

  let date: number;
  if (IMF_FIXDATE.test(text) || RFC850_DATE.test(text)) date = Date.parse(text);
  else if (ASCTIME_DATE.test(text)) date = Date.parse(`${text} GMT`);
  else return undefined;
  if (Number.isNaN(date)) return undefined;
  return clampDelay(date - now.getTime());
}

function clampDelay(ms: number): number {
  if (!Number.isFinite(ms)) return ms > 0 ? BACKOFF_CAP_MS : 0;
  return Math.min(BACKOFF_CAP_MS, Math.max(0, Math.round(ms)));
}

/** The exponential ceiling for the n-th failed attempt (1-based): 30 s, 1 min, 2 min, … 24 h. */
export function backoffCeiling(attempt: number): number {
  const n = Number.isFinite(attempt) && attempt >= 1 ? Math.floor(attempt) : 1;
  // 2^(n-1) overflows to Infinity for a huge n, which the cap absorbs.
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (n - 1));
}

/**
 * How long to wait after the `attempt`-th failed attempt (1-based): a uniform draw in
 * [1 s, ceiling). `random` is injectable so tests can pin the draw.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = backoffCeiling(attempt);
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.max(BACKOFF_MIN_MS, Math.floor(draw * ceiling));
}

/**
 * The wait before the next attempt: the endpoint's Retry-After when it gave one (it knows its own
 * load best), else the backoff above. Both stay within [1 s, 24 h].
 */
export function nextAttemptDelay(
  attempt: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs)) {
    return Math.min(BACKOFF_CAP_MS, Math.max(BACKOFF_MIN_MS, retryAfterMs));
  }
  return backoffDelay(attempt, random);
}
