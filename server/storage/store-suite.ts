/**
 * The storage contract, run against every CaptureStore implementation (sqlite.test.ts,
 * postgres.test.ts) so both behave the same.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaptureData } from '../../lib/capture';
import { sampleCapture, type CaptureOverrides } from '../testing/deliveries';
import {
  MAX_REVISION_STEP,
  type CaptureStore,
  type IncomingEvent,
  type StoredEventType,
} from './types';

export interface StoreHarness {
  store: CaptureStore;
  /** A second store on the same database: another process, or the same one after a restart. */
  reopen(): Promise<CaptureStore>;
}

// Strictly increasing: captures keep the order they were received in, even within a millisecond.
let clock = Date.now();

function event(data: CaptureData, type?: StoredEventType, key?: string): IncomingEvent {
  const eventType = type ?? (data.revision === 1 ? 'capture.submitted' : 'capture.updated');
  return {
    key: key ?? `${data.id}.${data.revision}`,
    bodySha256: createHash('sha256').update(JSON.stringify({ eventType, data })).digest('hex'),
    type: eventType,
    data,
    receivedAt: new Date(++clock),
  };
}

export function describeStoreSuite(name: string, open: () => Promise<StoreHarness>): void {
  describe(`${name} capture store`, () => {
    const opened: CaptureStore[] = [];
    const harness = async () => {
      const h = await open();
      opened.push(h.store);
      return {
        store: h.store,
        reopen: async () => {
          const again = await h.reopen();
          opened.push(again);
          return again;
        },
      };
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    const capture = (overrides: CaptureOverrides = {}) => sampleCapture(overrides);

    it('stores a new capture and reads it back unchanged', async () => {
      const { store } = await harness();
      const data = capture({ note: 'Signed <b>after</b> a “coffee” ☕ — 10% off' });
      expect(await store.receive(event(data))).toEqual({ outcome: 'created', captureId: data.id });
      const stored = await store.get(data.id);
      expect(stored?.data).toEqual(data);
      expect(stored?.withdrawn).toBe(false);
      expect(stored?.happenedOn).toBe('2026-05-18');
      expect(await store.wins({})).toHaveLength(1);
    });

    it('stores the same event once and answers duplicate with the same capture', async () => {
      const { store } = await harness();
      const data = capture();
      await store.receive(event(data));
      expect(await store.receive(event(data))).toEqual({
        outcome: 'duplicate',
        captureId: data.id,
      });
      expect(await store.wins({})).toHaveLength(1);
    });

    it('answers conflict for a known key with another body, and keeps the first body', async () => {
      const { store } = await harness();
      const data = capture({ note: 'first' });
      await store.receive(event(data));
      const other = { ...data, outcome: { ...data.outcome, note: 'second' } };
      expect(await store.receive(event(other))).toEqual({
        outcome: 'conflict',
        captureId: data.id,
      });
      expect((await store.get(data.id))?.data.outcome.note).toBe('first');
    });

    it('applies a newer revision and keeps it when an older one arrives late', async () => {
      const { store } = await harness();
      const first = capture({ note: 'first', stage: 'in_progress' });
      const second = { ...capture({ id: first.id, revision: 2, note: 'second', stage: 'won' }) };
      await store.receive(event(first));
      expect(await store.receive(event(second))).toEqual({
        outcome: 'updated',
        captureId: first.id,
      });
      expect((await store.get(first.id))?.data.outcome).toMatchObject({
        note: 'second',
        stage: 'won',
      });

      const late = capture({ id: first.id, revision: 1, note: 'late retry of revision 1' });
      expect(await store.receive(event(late, 'capture.submitted', 'another-key'))).toEqual({
        outcome: 'stale',
        captureId: first.id,
      });
      expect((await store.get(first.id))?.data.outcome.note).toBe('second');
      // The stale event's key is remembered: its retry is a duplicate, not a second attempt.
      expect((await store.receive(event(late, 'capture.submitted', 'another-key'))).outcome).toBe(
        'duplicate',
      );
    });

    it('keeps revision 2 when it arrives before revision 1', async () => {
      const { store } = await harness();
      const first = capture({ note: 'first' });
      const second = capture({ id: first.id, revision: 2, note: 'second' });
      expect((await store.receive(event(second))).outcome).toBe('created');
      expect((await store.receive(event(first))).outcome).toBe('stale');
      expect((await store.get(first.id))?.data.revision).toBe(2);
    });

    it('marks a withdrawn capture and takes it off the wall; an older update does not revive it', async () => {
      const { store } = await harness();
      const first = capture();
      await store.receive(event(first));
      const withdrawal = capture({ id: first.id, revision: 2 });
      expect(await store.receive(event(withdrawal, 'capture.withdrawn'))).toEqual({
        outcome: 'withdrawn',
        captureId: first.id,
      });
      expect((await store.get(first.id))?.withdrawn).toBe(true);
      expect(await store.wins({})).toEqual([]);
      expect(await store.teams()).toEqual([]);

      const lateUpdate = capture({ id: first.id, revision: 2, note: 'edited' });
      expect((await store.receive(event(lateUpdate, 'capture.updated', 'k2'))).outcome).toBe(
        'stale',
      );
      expect((await store.get(first.id))?.withdrawn).toBe(true);
    });

    it('binds a capture id to the email of its first revision, case aside', async () => {
      const { store, reopen } = await harness();
      const first = capture({ note: 'mine' });
      await store.receive(event(first));
      const asOther = (revision: number, email: string) => {
        const data = capture({ id: first.id, revision, note: 'taken over' });
        return { ...data, employee: { ...data.employee, email } };
      };
      // An update, a withdrawal and even a stale revision from someone else are refused, and
      // their keys are not recorded: the owner's own next event id stays free.
      expect(await store.receive(event(asOther(2, 'mallory@example.com')))).toEqual({
        outcome: 'other-employee',
        captureId: first.id,
      });
      expect(
        (await store.receive(event(asOther(2, 'mallory@example.com'), 'capture.withdrawn')))
          .outcome,
      ).toBe('other-employee');
      expect(
        (await store.receive(event(asOther(1, 'mallory@example.com'), undefined, 'k-old'))).outcome,
      ).toBe('other-employee');
      const stored = await store.get(first.id);
      expect(stored?.data.outcome.note).toBe('mine');
      expect(stored?.withdrawn).toBe(false);

      // The owner, whatever the case of the email, goes on with revision 2.
      expect((await store.receive(event(asOther(2, 'Robin@EXAMPLE.com')))).outcome).toBe('updated');
      // The binding is stored: a second store on the database (or a restart) keeps it.
      const other = await reopen();
      expect((await other.receive(event(asOther(3, 'mallory@example.com')))).outcome).toBe(
        'other-employee',
      );
      // A capture without an email is bound to having none.
      const anonymous = capture();
      delete anonymous.employee.email;
      await store.receive(event(anonymous));
      const claimed = capture({ id: anonymous.id, revision: 2 });
      expect((await store.receive(event(claimed))).outcome).toBe('other-employee');
    });

    it('binds a capture to one employee when two first deliveries race from two stores', async () => {
      const { store, reopen } = await harness();
      const other = await reopen();
      for (let round = 0; round < 5; round++) {
        const a = capture({ note: 'from Robin' });
        const b = capture({ id: a.id, revision: 2, note: 'from Mallory' });
        b.employee = { ...b.employee, email: 'mallory@example.com' };
        const results = await Promise.all([store.receive(event(a)), other.receive(event(b))]);
        const outcomes = results.map((r) => r.outcome);
        expect(
          outcomes.filter((o) => o === 'created'),
          outcomes.join(),
        ).toHaveLength(1);
        expect(
          outcomes.filter((o) => o === 'other-employee'),
          outcomes.join(),
        ).toHaveLength(1);
        const winner = outcomes[0] === 'created' ? a : b;
        const loser = winner === a ? b : a;
        expect((await store.get(a.id))?.data.employee.email).toBe(winner.employee.email);
        // The refused event's key was not kept: it is refused again, not answered as a duplicate.
        expect((await other.receive(event(loser))).outcome).toBe('other-employee');
      }
    });

    it('refuses a revision more than MAX_REVISION_STEP above the stored one, without recording it', async () => {
      const { store } = await harness();
      const first = capture({ note: 'first' });
      await store.receive(event(first));
      const frozen = capture({ id: first.id, revision: Number.MAX_SAFE_INTEGER, note: 'frozen' });
      expect(await store.receive(event(frozen))).toEqual({
        outcome: 'revision-jump',
        captureId: first.id,
        storedRevision: 1,
      });
      const far = capture({ id: first.id, revision: 1 + MAX_REVISION_STEP + 1 });
      expect((await store.receive(event(far))).outcome).toBe('revision-jump');
      // A new capture cannot start far up either.
      const fresh = capture({ revision: MAX_REVISION_STEP + 1 });
      expect(await store.receive(event(fresh))).toEqual({
        outcome: 'revision-jump',
        captureId: fresh.id,
        storedRevision: 0,
      });
      expect(await store.get(fresh.id)).toBeUndefined();
      // Up to the bound is fine, and the capture goes on changing afterwards.
      const step = capture({ id: first.id, revision: 1 + MAX_REVISION_STEP, note: 'big step' });
      expect((await store.receive(event(step))).outcome).toBe('updated');
      const next = capture({ id: first.id, revision: 2 + MAX_REVISION_STEP, note: 'next' });
      expect((await store.receive(event(next))).outcome).toBe('updated');
      expect((await store.get(first.id))?.data.outcome.note).toBe('next');
    });

    it('filters wins by team, outcome type, stage, period and id, newest first', async () => {
      const { store } = await harness();
      const a = capture({ team: 'Sales', type: 'deal', stage: 'won', occurredAt: '2026-01-31' });
      const b = capture({
        team: 'Sales',
        type: 'customer',
        stage: 'in_progress',
        occurredAt: '2026-02-01',
      });
      const c = capture({ team: 'Hiring', type: 'hire', stage: 'won', occurredAt: '2026-03-15' });
      const d = capture({ team: null, type: 'deal', stage: 'lost', occurredAt: '2026-03-20' });
      for (const data of [a, b, c, d]) await store.receive(event(data));
      const ids = async (filter: Parameters<CaptureStore['wins']>[0]) =>
        (await store.wins(filter)).map((w) => w.data.id);

      expect(await ids({})).toEqual([d.id, c.id, b.id, a.id]);
      expect(await ids({ team: 'Sales' })).toEqual([b.id, a.id]);
      expect(await ids({ outcomeType: 'deal' })).toEqual([d.id, a.id]);
      expect(await ids({ stages: ['identified', 'in_progress', 'won'] })).toEqual([
        c.id,
        b.id,
        a.id,
      ]);
      expect(await ids({ stages: [] })).toEqual([]);
      expect(await ids({ fromMonth: '2026-02', toMonth: '2026-03' })).toEqual([d.id, c.id, b.id]);
      expect(await ids({ toMonth: '2026-01' })).toEqual([a.id]);
      expect(await ids({ fromMonth: '2026-03' })).toEqual([d.id, c.id]);
      expect(await ids({ captureId: b.id })).toEqual([b.id]);
      expect(await ids({ limit: 2 })).toEqual([d.id, c.id]);
      expect(await store.teams()).toEqual(['Hiring', 'Sales']);
    });

    it('uses the submission day when the outcome has no date', async () => {
      const { store } = await harness();
      const data = capture();
      delete data.outcome.occurredAt;
      await store.receive(event(data));
      expect((await store.get(data.id))?.happenedOn).toBe('2026-05-19');
    });

    it('stores one capture when the same event arrives many times at once', async () => {
      const { store } = await harness();
      const data = capture();
      const results = await Promise.all(
        Array.from({ length: 20 }, () => store.receive(event(data))),
      );
      const outcomes = results.map((r) => r.outcome).sort();
      expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(19);
    });

    it('fails one delivery that cannot be stored without failing those stored with it', async () => {
      const { store } = await harness();
      const good = capture();
      const other = capture();
      const bad = capture();
      // A value JSON cannot hold makes this one fail after its event row was written.
      const broken = {
        ...bad,
        outcome: { ...bad.outcome, value: { amount: 10n, currency: 'EUR' } },
      };
      const results = await Promise.allSettled([
        store.receive(event(good)),
        store.receive({ ...event(bad), data: broken as unknown as CaptureData }),
        store.receive(event(other)),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await store.get(bad.id)).toBeUndefined();
      // Nothing of the failed delivery remains: its retry is stored as new.
      expect((await store.receive(event(bad))).outcome).toBe('created');
      expect((await store.wins({})).map((w) => w.data.id).sort()).toEqual(
        [good.id, other.id, bad.id].sort(),
      );
    });

    it('shares its data with a second store on the same database', async () => {
      const { store, reopen } = await harness();
      const data = capture();
      await store.receive(event(data));
      const other = await reopen();
      expect((await other.get(data.id))?.data).toEqual(data);
      expect((await other.receive(event(data))).outcome).toBe('duplicate');
      const racing = capture();
      const [x, y] = await Promise.all([
        store.receive(event(racing)),
        other.receive(event(racing)),
      ]);
      expect([x.outcome, y.outcome].sort()).toEqual(['created', 'duplicate']);
    });

    describe('recognition', () => {
      const decision = (
        data: CaptureData,
        state: 'confirmed' | 'declined',
        extra: { by?: string; comment?: string } = {},
      ) => ({ captureId: data.id, revision: data.revision, state, at: new Date(), ...extra });

      it('groups captures of the same post, by post id or else by URL, into one win crediting all', async () => {
        const { store } = await harness();
        const ada = capture({ postId: 'urn:li:activity:42', employeeName: 'Ada', team: 'Sales' });
        const bo = capture({ postId: 'urn:li:activity:42', employeeName: 'Bo', team: 'Ops' });
        const other = capture({ postId: 'urn:li:activity:43', employeeName: 'Cy' });
        const url = 'https://x.com/someone/status/1';
        const noId1 = capture({ postId: null, url, employeeName: 'Di' });
        const noId2 = capture({ postId: null, url, employeeName: 'Ed' });
        // The same id on the other platform is another post.
        const onX = { ...capture({ postId: 'urn:li:activity:42' }), platform: 'x' as const };
        for (const data of [ada, bo, other, noId1, noId2, onX]) await store.receive(event(data));

        const wins = await store.recognitionWins({});
        const names = wins.map((w) => w.members.map((m) => m.capture.data.employee.name).join('+'));
        expect(names.sort()).toEqual(['Ada+Bo', 'Cy', 'Di+Ed', 'Robin Example'].sort());
        const shared = wins.find((w) => w.members.length === 2 && w.key.startsWith('linkedin'))!;
        expect(shared.key).toBe('linkedin:urn:li:activity:42');
        expect(shared.state).toBe('pending');
        expect(wins.find((w) => w.key === `url:${url}`)?.members).toHaveLength(2);

        // A team filter finds the shared win through any of its people, and shows all of them.
        const ops = await store.recognitionWins({ team: 'Ops' });
        expect(ops.map((w) => w.members.map((m) => m.capture.data.employee.name))).toEqual([
          ['Ada', 'Bo'],
        ]);
        const byId = await store.recognitionWins({ captureId: ada.id });
        expect(byId.map((w) => w.key)).toEqual([shared.key]);
      });

      it('existing databases get the post key too (it is computed from the stored JSON)', async () => {
        const { store, reopen } = await harness();
        const a = capture({ postId: 'urn:li:activity:77' });
        const b = capture({ postId: 'urn:li:activity:77' });
        await store.receive(event(a));
        await store.receive(event(b));
        const again = await reopen();
        expect((await again.recognitionWins({})).map((w) => w.members.length)).toEqual([2]);
      });

      it('confirms a whole win, and shows who and why, per capture and per win', async () => {
        const { store } = await harness();
        const a = capture({ postId: 'urn:li:activity:50' });
        const b = capture({ postId: 'urn:li:activity:50' });
        await store.receive(event(a));
        await store.receive(event(b));
        const decided = await store.decide([
          decision(a, 'confirmed', { by: 'Dana', comment: 'Signed <3 years>' }),
          decision(b, 'confirmed', { by: 'Dana', comment: 'Signed <3 years>' }),
        ]);
        expect(decided.sort()).toEqual([a.id, b.id].sort());
        const [win] = await store.recognitionWins({});
        expect(win!.state).toBe('confirmed');
        expect(win!.members.map((m) => m.state)).toEqual(['confirmed', 'confirmed']);
        expect(win!.members[0]!.review).toMatchObject({
          state: 'confirmed',
          revision: 1,
          by: 'Dana',
          comment: 'Signed <3 years>',
        });
        expect(await store.recognitionWins({ states: ['pending'] })).toEqual([]);
        expect(await store.recognitionWins({ states: ['confirmed'] })).toHaveLength(1);
      });

      it('a win is pending while any credited capture is, declined when any is declined', async () => {
        const { store } = await harness();
        const a = capture({ postId: 'urn:li:activity:51' });
        const b = capture({ postId: 'urn:li:activity:51' });
        await store.receive(event(a));
        await store.receive(event(b));
        await store.decide([decision(a, 'confirmed')]);
        expect((await store.recognitionWins({}))[0]!.state).toBe('pending');
        await store.decide([decision(b, 'declined', { comment: 'not ours' })]);
        const [win] = await store.recognitionWins({});
        expect(win!.state).toBe('declined');
        expect(await store.recognitionWins({ states: ['confirmed', 'pending'] })).toEqual([]);
      });

      it('a revision after a decision goes back to pending; a decision on an old revision is not applied', async () => {
        const { store } = await harness();
        const first = capture({ stage: 'in_progress' });
        await store.receive(event(first));
        await store.decide([decision(first, 'confirmed', { by: 'Dana' })]);
        expect((await store.recognitionWins({}))[0]!.state).toBe('confirmed');

        const second = capture({ id: first.id, revision: 2, stage: 'won', postId: first.post.id });
        await store.receive(event(second));
        const [win] = await store.recognitionWins({});
        expect(win!.state).toBe('pending');
        expect(win!.members[0]).toMatchObject({ state: 'pending' });
        expect(win!.members[0]!.review).toBeUndefined();

        // The reviewer's page still showed revision 1: that decision no longer applies.
        expect(await store.decide([decision(first, 'declined')])).toEqual([]);
        expect((await store.recognitionWins({}))[0]!.state).toBe('pending');
        expect(await store.decide([decision(second, 'declined')])).toEqual([first.id]);
        expect((await store.recognitionWins({}))[0]!.state).toBe('declined');
      });

      it('a decision changes an earlier one; withdrawn captures leave the win and cannot be decided', async () => {
        const { store } = await harness();
        const a = capture({ postId: 'urn:li:activity:52', employeeName: 'Ada' });
        const b = capture({ postId: 'urn:li:activity:52', employeeName: 'Bo' });
        await store.receive(event(a));
        await store.receive(event(b));
        await store.decide([decision(a, 'declined'), decision(b, 'declined')]);
        await store.decide([decision(a, 'confirmed'), decision(b, 'confirmed')]);
        expect((await store.recognitionWins({}))[0]!.state).toBe('confirmed');

        const gone = capture({ id: b.id, revision: 2, postId: 'urn:li:activity:52' });
        await store.receive(event(gone, 'capture.withdrawn'));
        const [win] = await store.recognitionWins({});
        expect(win!.members.map((m) => m.capture.data.employee.name)).toEqual(['Ada']);
        expect(win!.state).toBe('confirmed');
        expect(await store.decide([decision(gone, 'declined')])).toEqual([]);
        expect(await store.decide([{ ...decision(a, 'confirmed'), captureId: 'nope' }])).toEqual(
          [],
        );
      });

      it('filters wins by the lead capture’s stage, type and month, and limits them, newest first', async () => {
        const { store } = await harness();
        const jan = capture({ occurredAt: '2026-01-10', stage: 'won', type: 'deal' });
        const feb = capture({ occurredAt: '2026-02-10', stage: 'in_progress', type: 'lead' });
        const mar = capture({ occurredAt: '2026-03-10', stage: 'lost', type: 'deal' });
        for (const data of [jan, feb, mar]) await store.receive(event(data));
        const ids = async (query: Parameters<CaptureStore['recognitionWins']>[0]) =>
          (await store.recognitionWins(query)).map((w) => w.lead.data.id);
        expect(await ids({})).toEqual([mar.id, feb.id, jan.id]);
        expect(await ids({ stages: ['won', 'in_progress'] })).toEqual([feb.id, jan.id]);
        expect(await ids({ stages: [] })).toEqual([]);
        expect(await ids({ outcomeType: 'deal' })).toEqual([mar.id, jan.id]);
        expect(await ids({ fromMonth: '2026-02', toMonth: '2026-02' })).toEqual([feb.id]);
        expect(await ids({ limit: 2 })).toEqual([mar.id, feb.id]);
      });

      it('the capture updated last stands for the win', async () => {
        const { store } = await harness();
        const early = capture({ postId: 'urn:li:activity:60', stage: 'identified', amount: 1 });
        await store.receive({ ...event(early), receivedAt: new Date('2026-05-01T00:00:00Z') });
        const late = capture({ postId: 'urn:li:activity:60', stage: 'won', amount: 9 });
        await store.receive({ ...event(late), receivedAt: new Date('2026-06-01T00:00:00Z') });
        const [win] = await store.recognitionWins({});
        expect(win!.lead.data.id).toBe(late.id);
        expect(await store.recognitionWins({ stages: ['identified'] })).toEqual([]);
      });
    });

    it('answers ping while open and fails after close', async () => {
      const { store } = await harness();
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await expect(store.ping()).rejects.toThrow();
    });
  });
}
