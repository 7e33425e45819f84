import { describe, expect, test } from 'vitest';
import {
  deliveryDeferred,
  deliveryRejected,
  deliverySucceeded,
  editCapture,
  LifecycleError,
  startDelivery,
  submitCapture,
  withdrawCapture,
} from '../../lib/capture-lifecycle';
import { CaptureSchema, eventId, eventType, toCaptureData } from '../../lib/capture';
import { capture, NOW, OUTCOME } from './capture-fixtures';

const later = new Date(NOW.getTime() + 60_000);

describe('capture lifecycle', () => {
  test('a draft is submitted, delivered, edited as revision 2 and withdrawn as revision 3', () => {
    const draft = capture();
    expect(draft).toMatchObject({ status: 'draft', revision: 1, intent: 'submit' });
    expect(draft.submittedAt).toBeUndefined();

    const queued = submitCapture(draft, { name: 'Ada Example' }, later);
    expect(queued).toMatchObject({
      status: 'queued',
      revision: 1,
      submittedAt: later.toISOString(),
    });
    expect(eventType(queued)).toBe('capture.submitted');

    const delivering = startDelivery(queued, later);
    expect(delivering).toMatchObject({ status: 'delivering', attempts: 1 });
    const delivered = deliverySucceeded(delivering, { id: 'r-1' }, later);
    expect(delivered).toMatchObject({
      status: 'delivered',
      deliveredRevision: 1,
      receipt: { id: 'r-1' },
    });

    const edited = editCapture(delivered, { ...OUTCOME, stage: 'lost' }, {}, true, later);
    expect(edited).toMatchObject({ status: 'queued', revision: 2, attempts: 0 });
    expect(eventType(edited)).toBe('capture.updated');
    expect(eventId(edited)).toBe(`${draft.id}.2`);

    // Editing again before delivery keeps revision 2: the endpoint has not seen it yet.
    const editedAgain = editCapture(edited, OUTCOME, {}, true, later);
    expect(editedAgain.revision).toBe(2);

    const delivered2 = deliverySucceeded(startDelivery(editedAgain, later), undefined, later);
    expect(delivered2.receipt).toEqual({ id: 'r-1' });
    const withdrawal = withdrawCapture(delivered2, later);
    expect(withdrawal).toMatchObject({ status: 'queued', intent: 'withdraw', revision: 3 });
    expect(eventType(withdrawal)).toBe('capture.withdrawn');
    const withdrawn = deliverySucceeded(startDelivery(withdrawal, later), undefined, later);
    expect(withdrawn.status).toBe('withdrawn');
    expect(() => withdrawCapture(withdrawn, later)).toThrow(LifecycleError);
    expect(() => editCapture(withdrawn, OUTCOME, {}, false, later)).toThrow(LifecycleError);
  });

  test('a transient failure keeps the same event id; a rejection fails the capture', () => {
    const delivering = startDelivery(capture({}, true), later);
    const deferred = deliveryDeferred(delivering, 'endpoint answered 503', later);
    expect(deferred).toMatchObject({
      status: 'queued',
      revision: 1,
      lastError: 'endpoint answered 503',
    });
    expect(eventId(deferred)).toBe(eventId(delivering));

    const rejected = deliveryRejected(startDelivery(deferred, later), 'value is required', later);
    expect(rejected).toMatchObject({
      status: 'failed',
      attempts: 2,
      lastError: 'value is required',
    });
    const resubmitted = submitCapture(rejected, {}, later);
    expect(resubmitted).toMatchObject({ status: 'queued', attempts: 0 });
    expect(resubmitted.lastError).toBeUndefined();
  });

  test('after an attempt whose answer was lost, an edit or a withdrawal is a new event', () => {
    // A timeout: the endpoint may have stored revision 1 without us knowing.
    const attempted = deliveryDeferred(startDelivery(capture({}, true), later), 'timed out', later);
    const edited = editCapture(attempted, { ...OUTCOME, note: 'changed' }, {}, true, later);
    expect(edited.revision).toBe(2);
    expect(eventId(edited)).not.toBe(eventId(attempted));
    const withdrawal = withdrawCapture(attempted, later);
    expect(withdrawal).toMatchObject({ status: 'queued', intent: 'withdraw', revision: 2 });
  });

  test('steps that make no sense are refused in words', () => {
    const delivering = startDelivery(capture({}, true), later);
    expect(() => editCapture(delivering, OUTCOME, {}, false, later)).toThrow(/being delivered/);
    expect(() => submitCapture(capture({}, true), {}, later)).toThrow(/Only drafts and failed/);
    expect(() => startDelivery(capture(), later)).toThrow(/draft capture cannot become delivering/);
    // Never delivered: withdrawing needs no delivery.
    expect(withdrawCapture(capture(), later).status).toBe('withdrawn');
  });

  test('the delivered data is exactly the contract object, without local fields', () => {
    const data = toCaptureData(capture());
    expect(Object.keys(data).sort()).toEqual(
      ['capturedAt', 'client', 'employee', 'id', 'outcome', 'platform', 'post', 'revision'].sort(),
    );
  });
});

describe('capture schema', () => {
  test('hostile text is kept inert; unsafe URLs and empty strings are refused or dropped', () => {
    const base = capture();
    const parsed = CaptureSchema.parse({
      ...base,
      post: {
        ...base.post,
        author: { name: '\u202Eevil\u202C <b>x</b>', handle: '' },
        excerpt: '<script>alert(1)</script>',
      },
    });
    expect(parsed.post.author.name).toBe('evil <b>x</b>');
    expect(parsed.post.author.handle).toBeUndefined();
    expect(parsed.post.excerpt).toBe('<script>alert(1)</script>');
    expect(
      CaptureSchema.safeParse({ ...base, post: { ...base.post, url: 'javascript:alert(1)' } })
        .success,
    ).toBe(false);
    expect(
      CaptureSchema.safeParse({
        ...base,
        outcome: { ...OUTCOME, value: { amount: -1, currency: 'EUR' } },
      }).success,
    ).toBe(false);
    // A lone surrogate (invalid Unicode) is repaired rather than stored broken.
    const lone = CaptureSchema.parse({ ...base, outcome: { ...OUTCOME, note: 'ok \uD800 end' } });
    expect(lone.outcome.note).toBe('ok \uFFFD end');
  });
});
