/**
 * Synthetic captures and signed deliveries for the receiver's tests and benchmark. Names and text
 * are invented.
 */
import { randomUUID } from 'node:crypto';
import type { CaptureData } from '../../lib/capture';
import { sign } from '../../lib/delivery/signature';

export interface CaptureOverrides {
  id?: string;
  revision?: number;
  team?: string | null;
  type?: CaptureData['outcome']['type'];
  stage?: CaptureData['outcome']['stage'];
  occurredAt?: string;
  note?: string;
  excerpt?: string;
  authorName?: string;
  url?: string;
  amount?: number;
  /** Default: a new post for every capture; null: a post without an id (grouped by URL). */
  postId?: string | null;
  employeeName?: string;
}

let posts = 0;

export function sampleCapture(overrides: CaptureOverrides = {}): CaptureData {
  const id = overrides.id ?? randomUUID();
  const team = overrides.team === undefined ? 'Northwind Sales' : overrides.team;
  // Each sample is its own post unless asked otherwise: the same post means one shared win.
  const postId =
    overrides.postId === undefined
      ? `urn:li:activity:7${String(++posts).padStart(18, '0')}`
      : overrides.postId;
  return {
    id,
    revision: overrides.revision ?? 1,
    platform: 'linkedin',
    post: {
      ...(postId === null ? {} : { id: postId }),
      url:
        overrides.url ??
        `https://www.linkedin.com/feed/update/${postId ?? 'urn:li:activity:7000000000000000000'}/`,
      kind: 'post',
      author: {
        name: overrides.authorName ?? 'Imaginary Author',
        handle: 'in/imaginary-author',
        url: 'https://www.linkedin.com/in/imaginary-author/',
      },
      postedAt: '2026-03-10T09:14:05.123Z',
      excerpt:
        overrides.excerpt ?? 'We are looking for a partner to help with our invented project.',
    },
    outcome: {
      type: overrides.type ?? 'deal',
      stage: overrides.stage ?? 'won',
      value: { amount: overrides.amount ?? 12000, currency: 'EUR' },
      note: overrides.note ?? 'Met them after commenting on the post; signed in May.',
      occurredAt: overrides.occurredAt ?? '2026-05-18',
    },
    employee: {
      name: overrides.employeeName ?? 'Robin Example',
      email: 'robin@example.com',
      employeeId: 'E-1001',
      ...(team === null ? {} : { team }),
    },
    capturedAt: '2026-05-19T10:00:00.000Z',
    submittedAt: '2026-05-19T10:05:00.000Z',
    client: { name: 'sourced', version: '0.1.0' },
  };
}

export type EventType =
  'capture.submitted' | 'capture.updated' | 'capture.withdrawn' | 'capture.test';

export function eventFor(
  data: CaptureData,
  type?: EventType,
): { type: EventType; timestamp: string; data: CaptureData } {
  return {
    type: type ?? (data.revision === 1 ? 'capture.submitted' : 'capture.updated'),
    timestamp: new Date().toISOString(),
    data,
  };
}

/** What the options page's "Send a test" sends (lib/delivery/request.ts, buildTestRequest). */
export function testEvent(): { type: 'capture.test'; timestamp: string; data: object } {
  return {
    type: 'capture.test',
    timestamp: new Date().toISOString(),
    data: {
      message: 'A test delivery from Sourced.',
      client: { name: 'sourced', version: '0.1.0' },
    },
  };
}

export interface Delivery {
  body: string;
  headers: Record<string, string>;
}

/** The request the extension sends: body and Standard Webhooks headers, signed when a secret is given. */
export async function delivery(
  event: { type: string; data?: unknown; [field: string]: unknown },
  options: { secret?: string; token?: string; id?: string; timestamp?: number; body?: string } = {},
): Promise<Delivery> {
  const data = event.data as Partial<CaptureData> | undefined;
  const id = options.id ?? `${data?.id ?? 'test'}.${data?.revision ?? 1}`;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const body = options.body ?? JSON.stringify(event);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'idempotency-key': JSON.stringify(id),
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
  };
  if (options.secret)
    headers['webhook-signature'] = await sign(options.secret, id, timestamp, body);
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return { body, headers };
}
