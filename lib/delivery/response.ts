/**
 * What an endpoint's answer means for the outbox, row by row from the contract's response table
 * (shared design: recognition-endpoint.md), plus the plain words the UI and the sync log show.
 */
import { ReceiptSchema, type Capture } from '../capture';
import { redactUrl } from '../sync-log';
import { isHttpUrl } from '../url';
import { parseRetryAfter } from './backoff';
import type { EndpointProblem } from './delivery-state';
import { redactSecrets } from './endpoint-config';
import { DEFAULT_TIMEOUT_MS, DeliveryError, timeoutMessage } from './fetch-with-timeout';

/** The sync log keeps this much of an error body. */
export const ERROR_BODY_CHARS = 300;

export interface ResponseLike {
  status: number;
  headers: Headers | Record<string, string | undefined>;
  bodyText: string;
  /** A redirect the browser hid (`opaqueredirect`, status 0). */
  redirect?: boolean;
}

export type Receipt = NonNullable<Capture['receipt']>;

/**
 * - delivered: mark the capture delivered, keep the receipt.
 * - retry: same event id later, after `after` ms when the endpoint said so (else backoff).
 *   `endpointDown`: the answer is about the endpoint, not this capture (no answer at all, 429,
 *   503), so the whole outbox waits.
 * - rejected: this capture is refused; mark it failed with `reason`, the user edits and resubmits.
 * - paused: an endpoint settings problem (`problem`: credentials or misconfigured, the kind the
 *   delivery state shows); stop delivering until the settings are saved again.
 * - gone: the endpoint is gone (410); stop delivering to it, keep everything queued.
 *
 * `error` is the first 300 characters of the response body, secrets redacted, for the sync log.
 */
export type Classification =
  | { kind: 'delivered'; receipt?: Receipt }
  | { kind: 'retry'; after?: number; endpointDown?: true; reason: string; error?: string }
  | { kind: 'rejected'; reason: string; error?: string }
  | {
      kind: 'paused';
      problem: Exclude<EndpointProblem, 'gone'>;
      reason: string;
      error?: string;
    }
  | { kind: 'gone'; problem: 'gone'; reason: string; error?: string };

/** A classification that stops delivery until the endpoint settings change. */
export type StopClassification = Extract<Classification, { problem: EndpointProblem }>;

export function stopsDelivery(
  classification: Classification,
): classification is StopClassification {
  return classification.kind === 'paused' || classification.kind === 'gone';
}

/** Statuses that are the endpoint's own trouble, whatever was sent: 0 (no answer), 429, 503. */
const ENDPOINT_DOWN_STATUSES: ReadonlySet<number> = new Set([0, 429, 503]);

function header(headers: ResponseLike['headers'], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A 2xx body's `id`/`url`, when it is JSON and they are usable; anything else is no receipt. */
export function parseReceipt(bodyText: string): Receipt | undefined {
  const body = parseJson(bodyText);
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { id, url, status } = body as Record<string, unknown>;
  const receipt: Receipt = {};
  if ((typeof id === 'string' && id.length > 0) || typeof id === 'number') {
    receipt.id = String(id).slice(0, 300);
  }
  if (typeof url === 'string' && ReceiptSchema.shape.url.safeParse(url).success) receipt.url = url;
  // v1.1; whether it is on the endpoint's origin is checked where the endpoint is known.
  if (typeof status === 'string' && ReceiptSchema.shape.status.safeParse(status).success) {
    receipt.status = status;
  }
  return Object.keys(receipt).length > 0 ? receipt : undefined;
}

/** One line of readable text: controls and runs of whitespace collapsed. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001F\u007F\u202A-\u202E\u2066-\u2069\s]+/g, ' ').trim();
}

/** The error body as the sync log keeps it: one line, secrets redacted, at most 300 characters. */
export function errorExcerpt(
  bodyText: string,
  secrets: readonly string[] = [],
): string | undefined {
  // Redact before cutting, so a secret straddling the cut cannot leave half of itself behind.
  const text = oneLine(redactSecrets(bodyText, secrets)).slice(0, ERROR_BODY_CHARS);
  return text || undefined;
}

/**
 * The server's own explanation: a JSON `message`, `error` (string or `{message}`), `detail`,
 * `error_description`, `title` or `errors[0].message`; else the start of the text.
 */
export function serverMessage(bodyText: string, secrets: readonly string[] = []): string {
  const body = parseJson(bodyText);
  let message: unknown;
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const error = b.error as Record<string, unknown> | string | undefined;
    const errors = Array.isArray(b.errors) ? (b.errors[0] as Record<string, unknown>) : undefined;
    message = [
      b.message,
      typeof error === 'object' && error !== null ? error.message : error,
      b.detail,
      b.error_description,
      b.title,
      typeof errors === 'object' && errors !== null ? errors.message : errors,
    ].find((v) => typeof v === 'string' && v.trim() !== '');
  }
  const text = typeof message === 'string' ? message : body === undefined ? bodyText : '';
  return oneLine(redactSecrets(text, secrets)).slice(0, ERROR_BODY_CHARS);
}

/** Whether a JSON error body says `"retryable": false`. */
function saysNotRetryable(bodyText: string): boolean {
  const body = parseJson(bodyText);
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as { retryable?: unknown }).retryable === false
  );
}

/** Plain words for a status, as the UI and the sync log show it. 0 means no response arrived. */
export function describeStatus(status: number): string {
  if (status === 0) return 'could not connect';
  if (status >= 200 && status < 300) return `delivered (${status})`;
  if (status >= 300 && status < 400) return `redirected (${status}): the URL needs updating`;
  switch (status) {
    case 400:
    case 422:
      return `rejected (${status})`;
    case 401:
    case 403:
      return `credentials refused (${status})`;
    case 404:
      return 'endpoint not found (404)';
    case 405:
      return 'endpoint does not accept deliveries (405)';
    case 408:
      return 'endpoint timed out (408)';
    case 409:
      return 'still processing this event (409)';
    case 410:
      return 'endpoint gone (410)';
    case 413:
      return 'too large for the endpoint (413)';
    case 429:
      return 'too many requests (429)';
    case 503:
      return 'endpoint unavailable (503)';
  }
  if (status >= 500 && status < 600) return `endpoint error (${status})`;
  if (status >= 400 && status < 500) return `refused (${status})`;
  return `unexpected response (${status})`;
}

export function classifyResponse(
  response: ResponseLike,
  now: Date,
  secrets: readonly string[] = [],
): Classification {
  const { status, bodyText } = response;
  if (status >= 200 && status < 300) return { kind: 'delivered', receipt: parseReceipt(bodyText) };

  const error = errorExcerpt(bodyText, secrets);
  const described = describeStatus(status);

  // The contract: "3xx — a misconfigured URL: treated as a failure, not followed silently".
  // Not `retry` (every attempt would meet the same redirect, forever) and not `rejected` (the
  // capture is fine; every capture would be refused alike). It is a settings problem, like
  // 401/403: pause the endpoint, keep everything queued, and ask the user for the final URL.
  if (response.redirect || (status >= 300 && status < 400)) {
    const location = header(response.headers, 'location');
    const target =
      location && isHttpUrl(location) ? ` to ${redactSecrets(redactUrl(location), secrets)}` : '';
    const code = status ? ` (${status})` : '';
    return {
      kind: 'paused',
      problem: 'misconfigured',
      reason: `the endpoint redirects${code}${target}; enter the final URL in the settings`,
      error,
    };
  }

  const retryAfter = parseRetryAfter(header(response.headers, 'retry-after'), now);
  const retry = (reason: string): Classification => ({
    kind: 'retry',
    reason,
    error,
    ...(retryAfter !== undefined ? { after: retryAfter } : {}),
    ...(ENDPOINT_DOWN_STATUSES.has(status) ? { endpointDown: true as const } : {}),
  });
  // The server's own words after ours: the user can see why and resubmit.
  const rejected = (): Classification => {
    const message = serverMessage(bodyText, secrets);
    return { kind: 'rejected', reason: message ? `${described}: ${message}` : described, error };
  };

  switch (status) {
    case 400:
    case 413:
    case 422:
      return rejected();
    case 401:
    case 403: {
      // The server's own reason ("check the signing secret") is what tells the user what to fix.
      const message = serverMessage(bodyText, secrets);
      return {
        kind: 'paused',
        problem: 'credentials',
        reason: message ? `${described}: ${message}` : described,
        error,
      };
    }
    // A wrong path: every capture would meet it, so it is a settings problem, not this capture's.
    case 404:
    case 405:
      return {
        kind: 'paused',
        problem: 'misconfigured',
        reason: `${described}: check the URL in the settings`,
        error,
      };
    case 410:
      return { kind: 'gone', problem: 'gone', reason: described, error };
    // 409 is "still processing this event" — unless the endpoint says a retry cannot help (the
    // reference receiver's answer to an update of a capture bound to another employee).
    case 409:
      return saysNotRetryable(bodyText) ? rejected() : retry(described);
    case 408:
    case 425:
    case 429:
      return retry(described);
  }
  if (status >= 500 && status < 600) return retry(described);
  // Any other 4xx refuses this request as sent, like 400.
  if (status >= 400 && status < 500) return rejected();
  // 1xx, 0 without a redirect, or nonsense: nothing was accepted, so try again later.
  return retry(described);
}

/**
 * A fetch that produced no response: always worth another try, with backoff, and the endpoint
 * (not the capture) is what failed.
 */
export function classifyNetworkError(
  error: unknown,
  timeoutMs: number = DEFAULT_TIMEOUT_MS,
): Extract<Classification, { kind: 'retry' }> {
  return { kind: 'retry', endpointDown: true, reason: networkReason(error, timeoutMs) };
}

function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof DeliveryError) return error.message;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError') return timeoutMessage(timeoutMs);
  if (name === 'AbortError') return 'the attempt was cancelled';
  return 'could not connect';
}
