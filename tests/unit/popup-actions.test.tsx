// @vitest-environment happy-dom
/** The popup's actions on captures and its delivery summary, against a real (fake) database. */
import { afterEach, expect, test, vi } from 'vitest';
import {
  deliveryDeferred,
  deliveryRejected,
  deliverySucceeded,
  startDelivery,
} from '../../lib/capture-lifecycle';
import { updateDeliveryState } from '../../lib/delivery/delivery-state';
import { saveEndpoint } from '../../lib/endpoint-settings';
import { ok } from '../../lib/result';
import { NOW } from './capture-fixtures';
import { at, choose, click, openPopup, type, type Popup } from './popup-render';

let popup: Popup | undefined;
afterEach(async () => {
  await popup?.close();
  popup = undefined;
});

async function shown(id: string) {
  await vi.waitFor(() => expect(popup!.item(id)).not.toBeNull());
  return popup!.item(id)!;
}
const button = (within: ParentNode, id: string) =>
  within.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`);
const notice = () => popup!.root.querySelector('.notice')?.textContent;
const delivered = (minutes: number, author?: string) =>
  deliverySucceeded(startDelivery(at(minutes, {}, author, true), NOW), { id: 'r' }, NOW);

test('edit: the shared form opens with the outcome, saves a draft in place, and focus comes back', async () => {
  const draft = at(1, {}, 'Priya Lorem');
  popup = await openPopup([draft]);
  const { db, byTestId } = popup;
  const edit = button(await shown(draft.id), 'capture-edit')!;
  edit.focus();
  click(edit);
  const form = await vi.waitFor(() => {
    const found = byTestId('sourced-form');
    if (!found) throw new Error('no form yet');
    return found;
  });
  expect(form.textContent).toContain('Edit this win');
  expect(form.textContent).toContain('Priya Lorem');
  expect(byTestId<HTMLSelectElement>('sourced-stage')!.value).toBe('won');
  expect(byTestId<HTMLInputElement>('sourced-crm-ref')!.value).toBe('CRM-4821');

  choose(byTestId('sourced-stage'), 'lost');
  type(byTestId('sourced-note'), 'The buyer went elsewhere.');
  click(byTestId('sourced-save-draft'));
  await vi.waitFor(() => expect(byTestId('sourced-form')).toBeNull());
  expect(await db.captures.get(draft.id)).toMatchObject({
    status: 'draft',
    revision: 1,
    outcome: { stage: 'lost', note: 'The buyer went elsewhere.', crmRef: 'CRM-4821' },
  });
  expect(popup.background.deps.capturesWritten).toHaveBeenCalledTimes(1);
  expect(notice()).toBe('Saved as a draft.');
  await vi.waitFor(() => expect(popup!.item(draft.id)?.textContent).toContain('Deal · Lost'));
  await vi.waitFor(() =>
    expect(document.activeElement).toBe(button(popup!.item(draft.id)!, 'capture-edit')),
  );
});

test('edit and submit a delivered capture: queued again as a new revision', async () => {
  const capture = delivered(1);
  popup = await openPopup([capture]);
  click(button(await shown(capture.id), 'capture-edit'));
  await vi.waitFor(() => expect(popup!.byTestId('sourced-form')).not.toBeNull());
  type(popup.byTestId('sourced-value-amount'), '15000');
  click(popup.byTestId('sourced-submit'));
  await vi.waitFor(() => expect(popup!.byTestId('sourced-form')).toBeNull());
  expect(await popup.db.captures.get(capture.id)).toMatchObject({
    status: 'queued',
    revision: 2,
    outcome: { value: { amount: 15000, currency: 'EUR' } },
  });
  await vi.waitFor(() => expect(popup!.item(capture.id)?.dataset.status).toBe('queued'));
});

test('a refused edit keeps the form open and says why', async () => {
  const queued = at(1, {}, undefined, true);
  popup = await openPopup([queued]);
  click(button(await shown(queued.id), 'capture-edit'));
  await vi.waitFor(() => expect(popup!.byTestId('sourced-form')).not.toBeNull());
  // The background starts delivering it while the form is open.
  await popup.db.captures.put(startDelivery(queued, NOW));
  click(popup.byTestId('sourced-save-draft'));
  await vi.waitFor(() =>
    expect(popup!.byTestId('sourced-form')?.querySelector('[role="alert"]')?.textContent).toContain(
      'being delivered right now',
    ),
  );
  expect((await popup.db.captures.get(queued.id))?.status).toBe('delivering');
});

test('submit one draft, then all the others at once', async () => {
  const drafts = [at(1), at(2), at(3)];
  popup = await openPopup(drafts);
  const { db } = popup;
  click(button(await shown(drafts[0]!.id), 'capture-submit'));
  await vi.waitFor(() => expect(popup!.item(drafts[0]!.id)?.dataset.status).toBe('queued'));
  expect(await db.captures.get(drafts[0]!.id)).toMatchObject({ status: 'queued' });
  expect(popup.background.deps.capturesWritten).toHaveBeenCalledTimes(1);

  const all = await vi.waitFor(() => {
    const found = popup!.byTestId('capture-submit-all');
    expect(found?.closest('p')?.textContent).toContain('2 drafts not submitted');
    return found!;
  });
  click(all);
  // No endpoint yet: not "queued for delivery", but what is true, with the way to the setting.
  await vi.waitFor(() =>
    expect(notice()).toBe(
      'Submitted 2 drafts. Will be sent once your company’s endpoint is set — Settings',
    ),
  );
  click([...popup.root.querySelectorAll<HTMLButtonElement>('.notice button')].at(-1)!);
  expect(popup.services.openSettings).toHaveBeenCalledWith('endpoint');
  const statuses = (await db.captures.toArray()).map((c) => c.status);
  expect(statuses).toEqual(['queued', 'queued', 'queued']);
  await vi.waitFor(() => expect(popup!.byTestId('capture-submit-all')).toBeNull());
  expect(popup.byTestId('sync-queued')?.textContent).toBe('3 waiting');
});

test('retry a refused capture: queued again, its reason cleared', async () => {
  const failed = deliveryRejected(
    startDelivery(at(1, {}, undefined, true), NOW),
    'value: bad',
    NOW,
  );
  popup = await openPopup([failed]);
  expect((await shown(failed.id)).textContent).toContain('value: bad');
  click(button(popup.item(failed.id)!, 'capture-retry'));
  await vi.waitFor(() => expect(popup!.item(failed.id)?.dataset.status).toBe('queued'));
  const stored = await popup.db.captures.get(failed.id);
  expect(stored).toMatchObject({ status: 'queued', attempts: 0 });
  expect(stored?.lastError).toBeUndefined();
  expect(popup.item(failed.id)!.textContent).not.toContain('value: bad');
});

test('withdraw a delivered capture: it asks once more, then queues the withdrawal', async () => {
  const capture = delivered(1);
  popup = await openPopup([capture]);
  const withdraw = button(await shown(capture.id), 'capture-withdraw')!;
  click(withdraw);
  await vi.waitFor(() => expect(withdraw.textContent).toBe('Really withdraw?'));
  expect(await popup.db.captures.get(capture.id)).toEqual(capture);
  click(withdraw);
  await vi.waitFor(() => expect(notice()).toBe('Withdrawn here; the endpoint will be told.'));
  expect(await popup.db.captures.get(capture.id)).toMatchObject({
    status: 'queued',
    intent: 'withdraw',
    revision: 2,
  });
  await vi.waitFor(() =>
    expect(popup!.item(capture.id)?.textContent).toContain('Withdrawal waiting to be delivered.'),
  );
  expect(button(popup.item(capture.id)!, 'capture-withdraw')).toBeNull();
  expect(button(popup.item(capture.id)!, 'capture-edit')).toBeNull();
});

test('delete, then undo: the very same capture comes back', async () => {
  const kept = at(1, {}, 'Priya Lorem');
  const capture = delivered(2, 'Jonas Ipsum');
  popup = await openPopup([kept, capture]);
  const { db, byTestId } = popup;
  click(button(await shown(capture.id), 'capture-delete'));
  await vi.waitFor(() => expect(popup!.item(capture.id)).toBeNull());
  expect(await db.captures.get(capture.id)).toBeUndefined();
  const undo = byTestId<HTMLButtonElement>('capture-undo')!;
  expect(undo.closest('.undo')?.textContent).toContain(
    'Deleted the capture of Jonas Ipsum’s post from this browser; the company keeps what was delivered.',
  );
  await vi.waitFor(() => expect(document.activeElement).toBe(undo));

  click(undo);
  await vi.waitFor(() => expect(popup!.item(capture.id)?.dataset.status).toBe('delivered'));
  expect(await db.captures.get(capture.id)).toEqual(capture);
  expect(byTestId('capture-undo')).toBeNull();
  expect(notice()).toBe('Restored the capture of Jonas Ipsum’s post.');
  // Focus does not fall to the body with the Undo button: it is on the restored capture.
  await vi.waitFor(() => expect(document.activeElement).toBe(popup!.item(capture.id)));
  expect(popup.background.deps.capturesWritten).toHaveBeenCalledTimes(2);
  expect(popup.listed()).toEqual([kept.id, capture.id]);
});

test('with an endpoint, a submission says nothing more than that it was submitted', async () => {
  const draft = at(1);
  popup = await openPopup([draft]);
  await saveEndpoint(popup.db, {
    url: 'https://wins.example.com/hook',
    format: 'sourced.v1',
    headers: [],
  });
  await vi.waitFor(() =>
    expect(popup!.byTestId('first-run-hint')?.textContent ?? '').not.toContain('endpoint'),
  );
  click(button(await shown(draft.id), 'capture-submit'));
  await vi.waitFor(() => expect(notice()).toBe('Submitted the capture of Author 1’s post.'));
});

test('"Deliver now" is disabled when nothing waits or there is nowhere to send', async () => {
  const draft = at(1);
  popup = await openPopup([draft]);
  const { byTestId, db } = popup;
  const sync = () => byTestId<HTMLButtonElement>('sync-now')!;
  await vi.waitFor(() => expect(byTestId('sync-queued')?.textContent).toBe('Nothing waiting'));
  expect(sync().disabled).toBe(true);
  expect(sync().title).toBe('Nothing is waiting to be delivered.');
  // Queued, but no endpoint: still nothing to do, and the summary says where it will go.
  click(button(await shown(draft.id), 'capture-submit'));
  await vi.waitFor(() => expect(byTestId('sync-queued')?.textContent).toBe('1 waiting'));
  expect(sync().disabled).toBe(true);
  expect(sync().title).toBe('There is no endpoint to deliver to yet.');
  expect(byTestId('sync-state')!.querySelector('[data-problem="no-endpoint"]')?.textContent).toBe(
    'No endpoint set: what waits will be sent once your company’s endpoint is set —Settings',
  );
  await saveEndpoint(db, {
    url: 'https://wins.example.com/hook',
    format: 'sourced.v1',
    headers: [],
  });
  await vi.waitFor(() => expect(sync().disabled).toBe(false));
});

test('a run that finds no endpoint says so, not "paused"; "paused" is kept for a pause', async () => {
  const { syncResultText } = await import('../../components/popup/DeliverySummary');
  const paused = ok({ outcome: 'paused' as const, delivered: 0, retried: 0, failed: 0 });
  const since = NOW.toISOString();
  expect(syncResultText(paused, { kind: 'no-endpoint', message: '', since }, false)).toBe(
    'Nothing was sent: no endpoint is set yet.',
  );
  expect(syncResultText(paused, { kind: 'credentials', message: 'x', since }, true)).toBe(
    'Nothing was sent: delivery is paused (see above).',
  );
  expect(syncResultText(paused, { kind: 'permission', message: 'x', since }, true)).toBe(
    'Nothing was sent: Sourced may not reach the endpoint yet (see above).',
  );
});

test('times from a clock ahead of this one read "just now", never "in 3 seconds"', async () => {
  const { sinceTime, untilTime } = await import('../../components/popup/capture-text');
  const now = NOW.getTime();
  const iso = (ms: number) => new Date(now + ms).toISOString();
  expect(sinceTime(iso(3_000), now)).toBe('just now');
  expect(sinceTime(iso(3 * 3_600_000), now)).toBe('just now');
  expect(sinceTime(iso(-10_000), now)).toBe('just now');
  expect(sinceTime(iso(-5 * 60_000), now)).toBe('5 minutes ago');
  expect(untilTime(iso(-60_000), now)).toBe('shortly');
  expect(untilTime(iso(120_000), now)).toBe('in 2 minutes');
  popup = await openPopup([at(1, { capturedAt: iso(5_000) })]);
  const { db, byTestId } = popup;
  await updateDeliveryState(db, (s) => ({ ...s, lastSuccessAt: iso(3_000) }));
  await vi.waitFor(() =>
    expect(byTestId('sync-state')?.textContent).toContain('last delivered just now'),
  );
  expect(popup.root.querySelector('[data-testid="capture-item"] time')?.textContent).toBe(
    'just now',
  );
});

test('sync-now asks the background to deliver and says what came of it', async () => {
  popup = await openPopup([at(1, {}, undefined, true)]);
  const { byTestId } = popup;
  await saveEndpoint(popup.db, {
    url: 'https://wins.example.com/hook',
    format: 'sourced.v1',
    headers: [],
  });
  await vi.waitFor(() => expect(byTestId<HTMLButtonElement>('sync-now')!.disabled).toBe(false));
  popup.background.deps.deliverNow.mockResolvedValueOnce({
    outcome: 'ran',
    delivered: 2,
    retried: 1,
    failed: 1,
  });
  const sync = byTestId<HTMLButtonElement>('sync-now')!;
  click(sync);
  await vi.waitFor(() =>
    expect(byTestId('sync-state')?.querySelector('[role="status"]')?.textContent).toBe(
      'Delivered 2. 1 will be tried again. 1 refused by the endpoint.',
    ),
  );
  expect(popup.background.deps.deliverNow).toHaveBeenCalledWith(true);
  // A failure inside the background reaches the popup as a reply in plain words.
  popup.background.deps.deliverNow.mockRejectedValueOnce(new Error('outbox broke'));
  click(sync);
  await vi.waitFor(() =>
    expect(byTestId('sync-state')?.querySelector('.sync-result.error')?.textContent).toMatch(
      /^Something went wrong inside Sourced/,
    ),
  );
});

test('the delivery summary follows the delivery state: paused, offline, retrying, last success', async () => {
  const queued = at(1, {}, undefined, true);
  const failed = deliveryRejected(startDelivery(at(2, {}, undefined, true), NOW), 'bad', NOW);
  popup = await openPopup([queued, failed]);
  const { db, byTestId, services } = popup;
  await saveEndpoint(db, {
    url: 'https://wins.example.com/hook',
    format: 'sourced.v1',
    headers: [],
  });
  const state = () => byTestId('sync-state')!;
  await vi.waitFor(() =>
    expect(state().textContent).toContain('1 waiting · nothing delivered yet'),
  );
  expect(state().textContent).toContain('1 refused');

  await updateDeliveryState(db, (s) => ({
    ...s,
    lastSuccessAt: new Date(NOW.getTime() - 5 * 60_000).toISOString(),
    problem: {
      kind: 'credentials',
      message: 'Delivery paused: credentials refused (401): check the signing secret.',
      since: NOW.toISOString(),
    },
  }));
  // Said once, with the server's own reason.
  await vi.waitFor(() =>
    expect(state().querySelector('[data-problem="credentials"] p')?.textContent).toBe(
      'Delivery paused: credentials refused (401): check the signing secret.',
    ),
  );
  expect(state().textContent).toContain('last delivered 5 minutes ago');
  click(
    [...state().querySelectorAll('button')].find(
      (b) => b.textContent === 'Update the credentials',
    )!,
  );
  expect(services.openSettings).toHaveBeenCalledWith('endpoint');

  await updateDeliveryState(db, (s) => ({ ...s, problem: undefined, offline: true }));
  await vi.waitFor(() => expect(state().querySelector('[data-problem="offline"]')).not.toBeNull());

  await db.captures.put(
    deliveryDeferred(
      startDelivery(queued, NOW),
      'endpoint answered 503',
      NOW,
      new Date(NOW.getTime() + 120_000),
    ),
  );
  await updateDeliveryState(db, (s) => ({
    ...s,
    offline: false,
    lastError: 'endpoint answered 503',
    nextAttemptAt: new Date(NOW.getTime() + 120_000).toISOString(),
  }));
  await vi.waitFor(() =>
    expect(state().querySelector('[data-problem="retrying"]')?.textContent).toBe(
      'Last attempt failed: endpoint answered 503 Next try in 2 minutes.',
    ),
  );
  expect(popup.item(queued.id)!.textContent).toContain(
    'Trying again in 2 minutes: endpoint answered 503',
  );

  // "Show" next to the refused count filters the list to them.
  click([...state().querySelectorAll('button')].find((b) => b.textContent === 'Show')!);
  await vi.waitFor(() => expect(popup!.listed()).toEqual([failed.id]));
  expect(byTestId<HTMLSelectElement>('status-filter')!.value).toBe('failed');
});
