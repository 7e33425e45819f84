/**
 * One request sent and its answer classified, as the outbox and the options page's test delivery
 * both need it; and the words the sync log keeps about it.
 */
import { redactSecrets } from './endpoint-config';
import { deliver, DEFAULT_TIMEOUT_MS } from './fetch-with-timeout';
import type { DeliveryRequest } from './request';
import {
  classifyNetworkError,
  classifyResponse,
  ERROR_BODY_CHARS,
  errorExcerpt,
  type Classification,
} from './response';

export interface SendOptions {
  /** The endpoint's secret values, removed from everything the answer reports. */
  secrets: readonly string[];
  now: () => Date;
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

export interface Answer {
  classification: Classification;
  /** The HTTP status; 0 when no response arrived. */
  status: number;
  durationMs: number;
  /** The start of the response body, one line, secrets redacted; absent without a body. */
  excerpt?: string;
}

/** Send `request` and classify what came back; never throws. */
export async function sendClassified(
  request: Pick<DeliveryRequest, 'url' | 'init'>,
  { secrets, now, timeoutMs = DEFAULT_TIMEOUT_MS, fetch }: SendOptions,
): Promise<Answer> {
  try {
    const response = await deliver(request, { timeoutMs, fetch });
    return {
      classification: classifyResponse(response, now(), secrets),
      status: response.status,
      durationMs: response.durationMs,
      excerpt: errorExcerpt(response.bodyText, secrets),
    };
  } catch (error) {
    return {
      classification: classifyNetworkError(error, timeoutMs),
      status: 0,
      durationMs: (error as { durationMs?: number } | null)?.durationMs ?? 0,
    };
  }
}

/** A sync log entry's `error`: what went wrong, then the endpoint's words, secrets redacted. */
export function logError(
  reason: string | undefined,
  detail: string | undefined,
  secrets: readonly string[],
): string | undefined {
  const text = [reason, detail].filter(Boolean).join(' — ');
  return text ? redactSecrets(text, secrets).slice(0, ERROR_BODY_CHARS) : undefined;
}
