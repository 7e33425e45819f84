/**
 * Turn a queued capture into the HTTP request the delivery contract describes
 * (shared design: recognition-endpoint.md), for any of the three formats. Pure apart from the
 * clock and client version it is given: the outbox worker sends the result with `deliver()`.
 */
import {
  eventId as captureEventId,
  eventType,
  toCaptureData,
  type Capture,
  type CaptureData,
} from '../capture';
import { CaptureEventSchema, TestEventSchema, type CaptureEventType } from './event';
import {
  parseEndpointConfig,
  type EndpointConfig,
  type EndpointConfigInput,
} from './endpoint-config';
import { TEST_MESSAGE } from './formats/announcement';
import { slackMessage, slackTestMessage } from './formats/slack';
import { teamsMessage, teamsTestMessage } from './formats/teams';
import { sign } from './signature';
import { clip } from '../format';

/**
 * The contract's "body under 20 KB", read strictly: 20,000 bytes satisfies a receiver that
 * counts a kilobyte as 1,000 bytes as well as one that counts 1,024.
 */
export const MAX_BODY_BYTES = 20_000;

export interface DeliveryRequest {
  url: string;
  init: {
    method: 'POST';
    headers: Record<string, string>;
    body: string;
    redirect: 'manual';
  };
  /** `<capture id>.<revision>`, or `test_<uuid>` for a test delivery. */
  eventId: string;
  /** What was shortened to fit the size limit, in plain words; empty when nothing was. */
  notices: string[];
}

/** The capture cannot be sent within the size limit even without its note and excerpt. */
export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
  constructor(readonly bytes: number) {
    super(
      `This capture is ${formatKb(bytes)} once encoded, over the ${formatKb(MAX_BODY_BYTES)} limit ` +
        'of the endpoint even without its note and excerpt; shorten its names or links.',
    );
  }
}

/** The endpoint settings given to the builder do not pass validation. */
export class EndpointSettingsError extends Error {
  override readonly name = 'EndpointSettingsError';
}

/** UTF-8 size of a string in bytes, the unit of the contract's 20 KB body limit. */
function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

function formatKb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`;
}

function validConfig(config: EndpointConfig | EndpointConfigInput): EndpointConfig {
  const parsed = parseEndpointConfig(config);
  if (!parsed.ok)
    throw new EndpointSettingsError(`The endpoint settings are invalid. ${parsed.error}`);
  return parsed.value;
}

/** The fields that may be shortened, in the order they are: the note first, then the excerpt. */
const SHORTENABLE = [
  {
    label: 'note',
    get: (d: CaptureData) => d.outcome.note,
    set: (d: CaptureData, v: string | undefined): CaptureData => ({
      ...d,
      outcome: { ...d.outcome, note: v },
    }),
  },
  {
    label: 'post excerpt',
    get: (d: CaptureData) => d.post.excerpt,
    set: (d: CaptureData, v: string | undefined): CaptureData => ({
      ...d,
      post: { ...d.post, excerpt: v },
    }),
  },
] as const;

/**
 * The body built from `data`, shortening the note and then the excerpt only when the whole does
 * not fit — and saying so in `notices`. Never cuts anything else.
 */
function fitBody(
  data: CaptureData,
  build: (data: CaptureData) => string,
): { body: string; notices: string[] } {
  let body = build(data);
  const notices: string[] = [];
  for (const field of SHORTENABLE) {
    if (byteLength(body) <= MAX_BODY_BYTES) break;
    const original = field.get(data);
    if (!original) continue;
    // Binary search the longest prefix (in UTF-16 units, cut at a grapheme) that fits.
    let low = 0;
    let high = original.length - 1;
    let best: { data: CaptureData; body: string; kept: number } | undefined;
    while (low <= high) {
      const mid = Math.floor((low + high) / 2);
      const text = mid === 0 ? undefined : clip(original, mid);
      const candidate = field.set(data, text);
      const candidateBody = build(candidate);
      if (byteLength(candidateBody) <= MAX_BODY_BYTES) {
        best = { data: candidate, body: candidateBody, kept: text?.length ?? 0 };
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    if (best) {
      data = best.data;
      body = best.body;
      notices.push(
        best.kept === 0
          ? `The ${field.label} was left out to fit the ${formatKb(MAX_BODY_BYTES)} limit.`
          : `The ${field.label} was shortened to ${best.kept} characters to fit the ${formatKb(MAX_BODY_BYTES)} limit.`,
      );
      break;
    }
    // Even without this field it does not fit: drop it and shorten the next one.
    data = field.set(data, undefined);
    body = build(data);
    notices.push(`The ${field.label} was left out to fit the ${formatKb(MAX_BODY_BYTES)} limit.`);
  }
  const bytes = byteLength(body);
  if (bytes > MAX_BODY_BYTES) throw new PayloadTooLargeError(bytes);
  return { body, notices };
}

function unixSeconds(now: Date): number {
  return Math.floor(now.getTime() / 1000);
}

/**
 * The headers of one attempt. `sourced.v1` carries the Standard Webhooks and Idempotency-Key
 * headers (and a signature when a secret is set); Slack and Teams ignore those and get none.
 */
async function headersFor(
  config: EndpointConfig,
  id: string,
  now: Date,
  body: string,
): Promise<Record<string, string>> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (config.format === 'sourced.v1') {
    const timestamp = unixSeconds(now);
    // A quoted string, as the Idempotency-Key draft defines it (an sf-string).
    headers['Idempotency-Key'] = `"${id}"`;
    headers['webhook-id'] = id;
    headers['webhook-timestamp'] = String(timestamp);
    if (config.signingSecret) {
      headers['webhook-signature'] = await sign(config.signingSecret, id, timestamp, body);
    }
  }
  if (config.token) headers.Authorization = `Bearer ${config.token}`;
  // Reserved and forbidden names were refused by the schema, so these cannot replace ours.
  for (const { name, value } of config.headers) headers[name] = value;
  return headers;
}

function request(
  config: EndpointConfig,
  eventId: string,
  headers: Record<string, string>,
  body: string,
  notices: string[],
): DeliveryRequest {
  return {
    url: config.url,
    init: { method: 'POST', headers, body, redirect: 'manual' },
    eventId,
    notices,
  };
}

/**
 * The request for the next attempt at a capture. `now` is this attempt's time (the
 * `webhook-timestamp` and the envelope's `timestamp`); `clientVersion` replaces the version the
 * capture was recorded with, so the endpoint learns which version delivered it.
 *
 * Throws EndpointSettingsError, PayloadTooLargeError, or a ZodError for an invalid capture.
 */
export async function buildRequest(
  capture: Capture,
  config: EndpointConfig | EndpointConfigInput,
  now: Date,
  clientVersion?: string,
): Promise<DeliveryRequest> {
  const endpoint = validConfig(config);
  const id = captureEventId(capture);
  const type: CaptureEventType = eventType(capture);
  let data = toCaptureData(capture);
  if (clientVersion !== undefined)
    data = { ...data, client: { name: 'sourced', version: clientVersion } };

  const build = (d: CaptureData): string => {
    switch (endpoint.format) {
      case 'slack':
        return JSON.stringify(slackMessage(d, type));
      case 'teams':
        return JSON.stringify(teamsMessage(d, type));
      case 'sourced.v1':
        // Validated on the way out: an event that breaks the contract never leaves.
        return JSON.stringify(
          CaptureEventSchema.parse({ type, timestamp: now.toISOString(), data: d }),
        );
    }
  };
  const { body, notices } = fitBody(data, build);
  return request(endpoint, id, await headersFor(endpoint, id, now, body), body, notices);
}

export interface TestRequestOptions {
  /** Event id of the test; a fresh `test_<uuid>` by default. */
  id?: string;
  clientVersion?: string;
}

/**
 * The options page's "Send a test": a `capture.test` event for `sourced.v1` (signed and
 * authorised exactly like a real delivery), a test announcement for Slack and Teams.
 */
export async function buildTestRequest(
  config: EndpointConfig | EndpointConfigInput,
  now: Date,
  { id = `test_${crypto.randomUUID()}`, clientVersion = 'unknown' }: TestRequestOptions = {},
): Promise<DeliveryRequest> {
  const endpoint = validConfig(config);
  let body: string;
  switch (endpoint.format) {
    case 'slack':
      body = JSON.stringify(slackTestMessage());
      break;
    case 'teams':
      body = JSON.stringify(teamsTestMessage());
      break;
    case 'sourced.v1':
      body = JSON.stringify(
        TestEventSchema.parse({
          type: 'capture.test',
          timestamp: now.toISOString(),
          data: { message: TEST_MESSAGE, client: { name: 'sourced', version: clientVersion } },
        }),
      );
  }
  return request(endpoint, id, await headersFor(endpoint, id, now, body), body, []);
}
