/**
 * The status lifecycle of a capture as pure functions: each takes a capture and returns the next
 * one, or throws a LifecycleError saying why the step is not allowed. The store and the delivery
 * worker call these; nothing else changes `status`, `revision` or `intent`.
 */
import {
  CaptureSchema,
  type Capture,
  type CaptureStatus,
  type Employee,
  type Outcome,
  type Post,
} from './capture';
import { UserFacingError } from './errors';

export class LifecycleError extends UserFacingError {
  override name = 'LifecycleError';
}

const NEXT: Record<CaptureStatus, readonly CaptureStatus[]> = {
  draft: ['draft', 'queued', 'withdrawn'],
  queued: ['draft', 'queued', 'delivering', 'withdrawn'],
  delivering: ['delivered', 'failed', 'queued', 'withdrawn'],
  delivered: ['draft', 'queued'],
  failed: ['draft', 'queued'],
  withdrawn: [],
};

export function canMove(from: CaptureStatus, to: CaptureStatus): boolean {
  return NEXT[from].includes(to);
}

function move(capture: Capture, to: CaptureStatus, changes: Partial<Capture>, now: Date): Capture {
  if (!canMove(capture.status, to)) {
    throw new LifecycleError(`A ${capture.status} capture cannot become ${to}.`);
  }
  return CaptureSchema.parse({ ...capture, ...changes, status: to, updatedAt: now.toISOString() });
}

/**
 * A capture whose content changes after the endpoint may have seen it needs a new revision: after
 * an accepted delivery, but also after any attempt, since an answer lost to a timeout may hide an
 * accepted one. Reusing the event id with another body would be refused as a conflict forever.
 */
function revisionForChange(capture: Capture): number {
  const delivered = capture.deliveredRevision ?? 0;
  const maybeSeen = delivered >= capture.revision || capture.attempts > 0;
  return maybeSeen ? Math.max(capture.revision, delivered) + 1 : capture.revision;
}

export interface NewCapture {
  id: string;
  platform: Capture['platform'];
  post: Post;
  postKey: string;
  outcome: Outcome;
  employee: Employee;
  clientVersion: string;
  submit: boolean;
  now: Date;
}

export function createCapture(input: NewCapture): Capture {
  const at = input.now.toISOString();
  return CaptureSchema.parse({
    id: input.id,
    revision: 1,
    platform: input.platform,
    post: input.post,
    postKey: input.postKey,
    outcome: input.outcome,
    employee: input.employee,
    capturedAt: at,
    submittedAt: input.submit ? at : undefined,
    client: { name: 'sourced', version: input.clientVersion },
    status: input.submit ? 'queued' : 'draft',
    intent: 'submit',
    attempts: 0,
    updatedAt: at,
  });
}

/** Edit the outcome; `submit` queues it (again), otherwise it stays or becomes a draft. */
export function editCapture(
  capture: Capture,
  outcome: Outcome,
  employee: Employee,
  submit: boolean,
  now: Date,
): Capture {
  if (capture.status === 'delivering') {
    throw new LifecycleError('This capture is being delivered right now; edit it in a moment.');
  }
  return move(
    capture,
    submit ? 'queued' : 'draft',
    {
      outcome,
      employee,
      revision: revisionForChange(capture),
      intent: 'submit',
      attempts: 0,
      lastError: undefined,
      nextAttemptAt: undefined,
      submittedAt: submit ? now.toISOString() : capture.submittedAt,
    },
    now,
  );
}

export function submitCapture(capture: Capture, employee: Employee, now: Date): Capture {
  if (capture.status !== 'draft' && capture.status !== 'failed') {
    throw new LifecycleError(
      `Only drafts and failed captures can be submitted, not ${capture.status} ones.`,
    );
  }
  return move(
    capture,
    'queued',
    {
      employee,
      revision: revisionForChange(capture),
      attempts: 0,
      lastError: undefined,
      nextAttemptAt: undefined,
      submittedAt: now.toISOString(),
    },
    now,
  );
}

/**
 * Withdraw: a capture the endpoint never accepted is simply marked withdrawn; one it accepted is
 * queued again with a new revision so that the endpoint hears `capture.withdrawn`.
 */
export function withdrawCapture(capture: Capture, now: Date): Capture {
  // Never accepted and never attempted: the endpoint cannot know it, so nothing is sent.
  if (capture.deliveredRevision === undefined && capture.attempts === 0) {
    if (capture.status === 'delivering') {
      throw new LifecycleError(
        'This capture is being delivered right now; withdraw it in a moment.',
      );
    }
    return move(capture, 'withdrawn', { intent: 'withdraw' }, now);
  }
  if (capture.status === 'withdrawn' || capture.intent === 'withdraw') {
    throw new LifecycleError('This capture is already withdrawn.');
  }
  if (capture.status === 'delivering') {
    throw new LifecycleError('This capture is being delivered right now; withdraw it in a moment.');
  }
  return move(
    capture,
    'queued',
    { intent: 'withdraw', revision: revisionForChange(capture), attempts: 0, lastError: undefined },
    now,
  );
}

export function startDelivery(capture: Capture, now: Date): Capture {
  return move(capture, 'delivering', { attempts: capture.attempts + 1 }, now);
}

export function deliverySucceeded(
  capture: Capture,
  receipt: Capture['receipt'],
  now: Date,
): Capture {
  const withdrawn = capture.intent === 'withdraw';
  return move(
    capture,
    withdrawn ? 'withdrawn' : 'delivered',
    {
      deliveredAt: now.toISOString(),
      deliveredRevision: capture.revision,
      receipt: receipt ?? capture.receipt,
      lastError: undefined,
      nextAttemptAt: undefined,
    },
    now,
  );
}

/** The endpoint rejected this capture (400/422): the user has to edit it. */
export function deliveryRejected(capture: Capture, reason: string, now: Date): Capture {
  return move(capture, 'failed', { lastError: reason.slice(0, 1000) }, now);
}

/**
 * A transient problem: back to the queue, keeping the same revision (so the same event id), not
 * to be tried again before `notBefore` unless the user asks.
 */
export function deliveryDeferred(
  capture: Capture,
  reason: string,
  now: Date,
  notBefore?: Date,
): Capture {
  return move(
    capture,
    'queued',
    { lastError: reason.slice(0, 1000), nextAttemptAt: notBefore?.toISOString() },
    now,
  );
}
