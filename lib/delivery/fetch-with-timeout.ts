/**
 * One HTTP attempt: send a built request, give up after a timeout, never follow a redirect, and
 * read only the start of the response (an endpoint cannot make the extension buffer megabytes).
 * Free of `browser.*`, so it runs in the service worker, in Node and in Vitest alike.
 */
import type { DeliveryRequest } from './request';

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Enough for a receipt or an error message; the sync log keeps 300 characters of it anyway. */
export const MAX_RESPONSE_BYTES = 2048;

export interface DeliveryResponse {
  /** The HTTP status; 0 when a browser hid a redirect (`opaqueredirect`). */
  status: number;
  headers: Headers;
  /** The first 2 KB of the body, decoded as UTF-8. */
  bodyText: string;
  durationMs: number;
  /** True for a redirect the browser refused to expose (status 0, no Location). */
  redirect?: boolean;
}

export type DeliveryErrorKind = 'timeout' | 'network';

/** A delivery that got no response. Its message is plain words, never a URL or a header. */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    readonly kind: DeliveryErrorKind,
    message: string,
    readonly durationMs: number,
    /** A system code such as ECONNREFUSED or ENOTFOUND, when the platform gives one. */
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface DeliverOptions {
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

export function timeoutMessage(timeoutMs: number): string {
  const seconds = timeoutMs / 1000;
  return `timed out after ${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

/** The system error code behind a failed fetch (undici puts it on `cause`), if any. */
function systemCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

async function readStart(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // The body broke off or timed out after the status arrived: the status still stands.
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(Math.min(size, maxBytes));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - offset);
    bytes.set(part, offset);
    offset += part.length;
    if (offset >= bytes.length) break;
  }
  // stream: true leaves a character cut at the 2 KB boundary out instead of turning it into U+FFFD.
  return new TextDecoder().decode(bytes, { stream: true });
}

export async function deliver(
  request: Pick<DeliveryRequest, 'url' | 'init'>,
  { timeoutMs = DEFAULT_TIMEOUT_MS, fetch = globalThis.fetch }: DeliverOptions = {},
): Promise<DeliveryResponse> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);

  let response: Response;
  try {
    response = await fetch(request.url, {
      ...request.init,
      redirect: 'manual',
      // A webhook is not a visit: no cookies of the endpoint's site, no referrer, no cache.
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
      signal: timeout,
    });
  } catch (error) {
    if (timeout.aborted) throw new DeliveryError('timeout', timeoutMessage(timeoutMs), elapsed());
    const code = systemCode(error);
    throw new DeliveryError(
      'network',
      code ? `could not connect (${code})` : 'could not connect',
      elapsed(),
      code,
    );
  }

  if (response.type === 'opaqueredirect') {
    return {
      status: 0,
      headers: new Headers(),
      bodyText: '',
      durationMs: elapsed(),
      redirect: true,
    };
  }
  const bodyText = await readStart(response, MAX_RESPONSE_BYTES);
  return { status: response.status, headers: response.headers, bodyText, durationMs: elapsed() };
}
