/** The store functions the popup adds: edit by id, submit all drafts, delete and restore. */
import Dexie from 'dexie';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { deliverySucceeded, LifecycleError, startDelivery } from '../../lib/capture-lifecycle';
import {
  CaptureNotFoundError,
  deleteCapture,
  editOutcome,
  restoreCapture,
  submitAllDrafts,
  type StoreContext,
} from '../../lib/capture-store';
import { openDatabase, type SourcedDatabase } from '../../lib/db/database';
import { saveIdentity } from '../../lib/settings';
import { effectiveIdentity, effectivePrivacy } from '../../lib/settings/effective';
import { capture, NOW, OUTCOME } from './capture-fixtures';

let db: SourcedDatabase;
let ctx: StoreContext;
const LATER = new Date(NOW.getTime() + 60_000);
beforeEach(() => {
  fakeBrowser.reset();
  db = openDatabase(`popup-store-${Math.random()}`);
  ctx = {
    db,
    identity: () => effectiveIdentity(db),
    privacy: () => effectivePrivacy(db),
    clientVersion: '0.1.0',
    now: () => LATER,
  };
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

test('editOutcome changes a draft in place, and gives a delivered capture a new revision', async () => {
  await saveIdentity(db, { name: 'Ada Example' });
  const draft = capture();
  const delivered = deliverySucceeded(startDelivery(capture({}, true), NOW), undefined, NOW);
  await db.captures.bulkPut([draft, delivered]);

  const edited = await editOutcome(ctx, draft.id, { ...OUTCOME, stage: 'lost' }, false);
  expect(edited).toMatchObject({ status: 'draft', revision: 1, outcome: { stage: 'lost' } });
  expect(await db.captures.get(draft.id)).toEqual(edited);

  const resent = await editOutcome(ctx, delivered.id, { ...OUTCOME, note: 'More' }, true);
  expect(resent).toMatchObject({
    status: 'queued',
    revision: 2,
    employee: { name: 'Ada Example' },
    submittedAt: LATER.toISOString(),
  });
  await expect(editOutcome(ctx, 'missing', OUTCOME, true)).rejects.toBeInstanceOf(
    CaptureNotFoundError,
  );
});

test('submitAllDrafts queues every draft and nothing else', async () => {
  const drafts = [capture(), capture()];
  const delivered = deliverySucceeded(startDelivery(capture({}, true), NOW), undefined, NOW);
  await db.captures.bulkPut([...drafts, delivered]);
  expect(await submitAllDrafts(ctx)).toBe(2);
  const after = await db.captures.bulkGet(drafts.map((d) => d.id));
  expect(after.map((c) => c?.status)).toEqual(['queued', 'queued']);
  expect(await db.captures.get(delivered.id)).toEqual(delivered);
  expect(await submitAllDrafts(ctx)).toBe(0);
});

test('a deleted capture comes back exactly as it was, and only once', async () => {
  const delivered = deliverySucceeded(startDelivery(capture({}, true), NOW), { id: 'r-1' }, NOW);
  await db.captures.put(delivered);
  const removed = await deleteCapture(db, delivered.id);
  expect(removed).toEqual(delivered);
  expect(await db.captures.get(delivered.id)).toBeUndefined();
  // It is findable again by search after the restore, too.
  await restoreCapture(db, removed);
  expect(await db.captures.get(delivered.id)).toEqual(delivered);
  expect(await db.captures.where('searchWords').startsWith('priya').primaryKeys()).toEqual([
    delivered.id,
  ]);
  // A second restore would overwrite: refused.
  await expect(restoreCapture(db, removed)).rejects.toThrow();
  expect(await db.captures.count()).toBe(1);
});

test('a capture being delivered cannot be deleted; a missing one says so', async () => {
  const delivering = startDelivery(capture({}, true), NOW);
  await db.captures.put(delivering);
  await expect(deleteCapture(db, delivering.id)).rejects.toBeInstanceOf(LifecycleError);
  expect(await db.captures.get(delivering.id)).toEqual(delivering);
  await expect(deleteCapture(db, 'missing')).rejects.toBeInstanceOf(CaptureNotFoundError);
});
