/**
 * Send one batch of an outbox run: one transaction marks it delivering, then a pool sends it a few
 * requests at a time (the browser keeps six connections per host) and stops early when an answer
 * stops delivery or the endpoint counts as down. Three transactions per capture and one request
 * at a time cost ~80 ms a capture; batches amortise both.
 */
import { ZodError } from 'zod';
import { startDelivery } from '../capture-lifecycle';
import type { Capture } from '../capture';
import { sendClassified } from './attempt';
import { nextAttemptDelay } from './backoff';
import type { EndpointWatch } from './endpoint-watch';
import { clockOf, type OutboxDeps } from './outbox-run';
import type { RunEndpoint } from './outbox-plan';
import { buildRequest, PayloadTooLargeError } from './request';
import { stopsDelivery, type Classification } from './response';

/** Requests in flight at once: the browser's per-host connection limit. */
const CONCURRENCY = 6;

export interface Attempt {
  capture: Capture;
  classification: Classification;
  status: number;
  at: Date;
  durationMs: number;
  /** For a retry: when this capture is due again. */
  notBefore?: Date;
}

export interface Started {
  /** The capture as it was queued, to put back if its request is never sent. */
  before: Capture;
  /** The capture marked delivering (its attempt counted). */
  capture: Capture;
}

export interface SentBatch {
  started: Started[];
  /** The attempt for each of `started`, undefined where the pool stopped before sending it. */
  attempts: (Attempt | undefined)[];
}

export async function sendBatch(
  deps: OutboxDeps,
  endpoint: RunEndpoint,
  ids: string[],
  watch: EndpointWatch,
): Promise<SentBatch> {
  const started = await startBatch(deps, ids);
  const attempts: (Attempt | undefined)[] = new Array(started.length).fill(undefined);
  let next = 0;
  let halted = false;
  const worker = async () => {
    while (!halted && next < started.length) {
      const index = next++;
      const attempt = await attemptOne(deps, endpoint, started[index]!.capture);
      attempts[index] = attempt;
      const down = watch.record(attempt.classification, attempt.notBefore);
      if (down || stopsDelivery(attempt.classification)) halted = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, started.length) }, worker));
  return { started, attempts };
}

/** Mark a batch delivering in one transaction; captures no longer queued are left out. */
async function startBatch(deps: OutboxDeps, ids: string[]): Promise<Started[]> {
  const { db } = deps;
  const at = clockOf(deps)();
  return db.transaction('rw', db.captures, async () => {
    const current = await db.captures.bulkGet(ids);
    const started = current
      .filter((c): c is Capture => c?.status === 'queued')
      .map((before) => ({ before, capture: startDelivery(before, at) }));
    await db.captures.bulkPut(started.map((s) => s.capture));
    return started;
  });
}

/** Send one capture and classify the answer; never throws. */
async function attemptOne(
  deps: OutboxDeps,
  endpoint: RunEndpoint,
  capture: Capture,
): Promise<Attempt> {
  const now = clockOf(deps);
  const at = now();
  let answer: Pick<Attempt, 'classification' | 'status' | 'durationMs'>;
  try {
    // The capture's own client stays in the body: a retry after an update of the extension must
    // be byte-for-byte the same event, or the endpoint refuses it as a conflicting duplicate.
    const request = await buildRequest(capture, endpoint.config, at);
    answer = await sendClassified(request, {
      secrets: endpoint.secrets,
      now,
      timeoutMs: deps.timeoutMs,
      fetch: deps.fetch,
    });
  } catch (error) {
    answer = { classification: unsendable(error), status: 0, durationMs: 0 };
  }
  const { classification } = answer;
  const notBefore =
    classification.kind === 'retry'
      ? new Date(
          now().getTime() + nextAttemptDelay(capture.attempts, classification.after, deps.random),
        )
      : undefined;
  return { capture, ...answer, at, notBefore };
}

/** The capture itself cannot be sent (too large, or no longer valid): the user must edit it. */
function unsendable(error: unknown): Classification {
  const reason =
    error instanceof PayloadTooLargeError
      ? error.message
      : error instanceof ZodError
        ? 'this capture does not match the delivery format; edit and resubmit it'
        : 'this capture could not be prepared for delivery';
  return { kind: 'rejected', reason };
}
