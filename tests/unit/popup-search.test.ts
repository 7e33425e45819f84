/**
 * The popup's reads: the derived search words (kept by a middleware for every writer, invisible to
 * readers) and the index-backed list, filter and search queries.
 */
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  captureWindow,
  deliveryCounts,
  filteredCollection,
  searchIds,
  SEARCH_LIMIT,
  type CaptureFilter,
} from '../../lib/db/capture-query';
import type { Capture } from '../../lib/capture';
import {
  deliveryRejected,
  deliverySucceeded,
  editCapture,
  startDelivery,
} from '../../lib/capture-lifecycle';
import { saveCapture } from '../../lib/capture-store';
import { openDatabase, type SourcedDatabase } from '../../lib/db/database';
import { searchTerms, searchWordsOf } from '../../lib/db/search-words';
import { effectiveIdentity, effectivePrivacy } from '../../lib/settings/effective';
import { capture, extractedPost, NOW, OUTCOME } from './capture-fixtures';

let db: SourcedDatabase;
beforeEach(() => {
  db = openDatabase(`popup-search-${Math.random()}`);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const minutesAgo = (n: number) => new Date(NOW.getTime() - n * 60_000).toISOString();

function made(
  n: number,
  overrides: Partial<Capture> & { author?: string; note?: string; excerpt?: string } = {},
) {
  const { author, note, excerpt, ...rest } = overrides;
  const base = capture({ capturedAt: minutesAgo(n), ...rest });
  return {
    ...base,
    post: {
      ...base.post,
      author: { name: author ?? `Author ${n}` },
      excerpt: excerpt ?? `Post number ${n}`,
    },
    outcome: { ...base.outcome, note: note ?? `note ${n}`, crmRef: `CRM-${1000 + n}` },
  };
}

const ids = (captures: { id: string }[]) => captures.map((c) => c.id);

describe('search words', () => {
  test('come from author, handle, excerpt, note and CRM reference, folded and deduplicated', () => {
    const words = searchWordsOf({
      post: {
        author: { name: 'Zoë Lorem', handle: 'in/zoe-lorem' },
        excerpt: 'Déjà vu: LOREM ipsum!',
      },
      outcome: { note: 'Call Zoë', crmRef: 'https://crm.example.com/deals/42' },
    });
    expect(words.sort()).toEqual(
      [
        'zoe',
        'lorem',
        'in',
        'deja',
        'vu',
        'ipsum',
        'call',
        'https',
        'crm',
        'example',
        'com',
        'deals',
        '42',
      ].sort(),
    );
  });

  test('ignore fields outside the search and odd shapes from old records', () => {
    expect(searchWordsOf({ post: { author: { name: 42 } }, outcome: { note: undefined } })).toEqual(
      [],
    );
    expect(searchWordsOf({})).toEqual([]);
  });

  test('terms: words of the query, without those another term already requires', () => {
    expect(searchTerms('  Ac ACME, crm-4821 ')).toEqual(['acme', 'crm', '4821']);
    expect(searchTerms('!!!')).toEqual([]);
  });
});

describe('the search-words middleware', () => {
  test('every writer keeps the words right, and no reader ever sees the field', async () => {
    const ctx = {
      db,
      identity: () => effectiveIdentity(db),
      privacy: () => effectivePrivacy(db),
      clientVersion: '0.1.0',
      now: () => NOW,
    };
    const saved = await saveCapture(ctx, {
      post: extractedPost({ text: 'Quarterly onboarding runbook' }),
      outcome: { ...OUTCOME, note: 'Introduced by Walter' },
      submit: false,
    });
    const find = (word: string) => db.captures.where('searchWords').startsWith(word).primaryKeys();
    expect(await find('walt')).toEqual([saved.id]);
    expect(await find('onboard')).toEqual([saved.id]);
    expect(saved).not.toHaveProperty('searchWords');

    // An edit through the lifecycle replaces the words: the old note no longer matches.
    const edited = editCapture(
      saved,
      { ...OUTCOME, note: 'Met Yasmin at the fair' },
      {},
      false,
      NOW,
    );
    await db.captures.put(edited);
    expect(await find('walt')).toEqual([]);
    expect(await find('yasm')).toEqual([saved.id]);
    expect(edited).not.toHaveProperty('searchWords');

    // A Table.update (modify underneath) keeps them too.
    await db.captures.update(saved.id, { 'outcome.note': 'Quentin called' } as never);
    expect(await find('quent')).toEqual([saved.id]);

    const reads = [
      await db.captures.get(saved.id),
      (await db.captures.bulkGet([saved.id]))[0],
      (await db.captures.toArray())[0],
      (await db.captures.where('status').equals('draft').toArray())[0],
      (await db.captures.orderBy('capturedAt').reverse().offset(0).limit(1).toArray())[0],
    ];
    const viaCursor: unknown[] = [];
    await db.captures.each((c) => void viaCursor.push(c));
    for (const read of [...reads, ...viaCursor]) {
      expect(read).toBeDefined();
      expect(read).not.toHaveProperty('searchWords');
    }
  });
});

describe('list queries', () => {
  test('newest first, filtered by status and platform through their indexes, a page at a time', async () => {
    const rows = [
      made(1, { platform: 'x' }),
      made(2, { status: 'queued' }),
      made(3, { platform: 'x', status: 'queued' }),
      made(4),
      made(5, { platform: 'x' }),
    ];
    await db.captures.bulkPut([...rows].reverse());
    const list = (filter: CaptureFilter) => filteredCollection(db, filter).primaryKeys();
    expect(await list({})).toEqual(ids(rows));
    expect(await list({ platform: 'x' })).toEqual(ids([rows[0]!, rows[2]!, rows[4]!]));
    expect(await list({ status: 'queued' })).toEqual(ids([rows[1]!, rows[2]!]));
    expect(await list({ status: 'queued', platform: 'x' })).toEqual([rows[2]!.id]);

    expect(await captureWindow(db, {}, undefined, 1, 2)).toEqual({
      rows: [rows[1], rows[2]],
      more: true,
    });
    expect(await captureWindow(db, {}, undefined, 3, 2)).toEqual({
      rows: [rows[3], rows[4]],
      more: false,
    });
    expect(await captureWindow(db, {}, [rows[4]!.id, rows[0]!.id], 0, 5)).toEqual({
      rows: [rows[4], rows[0]],
      more: false,
    });
  });

  test('a search matches every term as a word prefix, with the filters, newest first', async () => {
    const rows = [
      made(1, { author: 'Priya Lorem', note: 'pricing workshop' }),
      made(2, { author: 'Jonas Ipsum', excerpt: 'Our pricing page' }),
      made(3, { author: 'Priya Dolor', platform: 'x', note: 'renewal' }),
      made(4, { author: 'Mara Priyanka', status: 'queued', note: 'pricing' }),
    ];
    await db.captures.bulkPut(rows);
    const search = async (search: string, filter: CaptureFilter = {}) =>
      (await searchIds(db, { ...filter, search }))?.ids;
    expect(await search('')).toBeUndefined();
    expect(await search('priya')).toEqual(ids([rows[0]!, rows[2]!, rows[3]!]));
    expect(await search('PRIY pric')).toEqual(ids([rows[0]!, rows[3]!]));
    expect(await search('pricing', { status: 'queued' })).toEqual([rows[3]!.id]);
    expect(await search('priya', { platform: 'x' })).toEqual([rows[2]!.id]);
    expect(await search('crm-1002')).toEqual([rows[1]!.id]);
    expect(await search('nobody')).toEqual([]);
    // Only the search fields: the employee and the outcome type are not searched.
    expect(await search('ada')).toEqual([]);
    expect(await search('deal')).toEqual([]);
  });

  test('common terms: intersected through the index, or the newest matches found by a walk', async () => {
    // 2,200 captures say "common", every second one "shared" too: both terms are past the
    // rare-term bound (1,000), their intersection is small enough to check (2,000).
    const rows = Array.from({ length: 2200 }, (_, i) =>
      made(i, { note: i % 2 === 0 ? 'common shared' : 'common', excerpt: 'Routine' }),
    );
    await db.captures.bulkPut(rows);
    expect(await searchIds(db, { search: 'common shared' })).toEqual({
      ids: ids(rows.filter((_, i) => i % 2 === 0)),
      complete: true,
    });
    // Too many candidates: the list is walked newest first and only the newest matches listed.
    expect(await searchIds(db, { search: 'common' })).toEqual({
      ids: ids(rows.slice(0, SEARCH_LIMIT)),
      complete: false,
    });
    // A one-letter term is common in any sizeable history: it is walked, with the filters.
    const letter = await searchIds(db, { search: 'r', status: 'draft' });
    expect(letter).toEqual({ ids: ids(rows.slice(0, SEARCH_LIMIT)), complete: false });
    // Fewer matches than the limit: the walk reached the end, so the answer is complete.
    expect(await searchIds(db, { search: 'r', status: 'failed' })).toEqual({
      ids: [],
      complete: true,
    });
  });

  test('delivery counts are by status and stop at a cap', async () => {
    const queued = capture({}, true);
    const failed = deliveryRejected(startDelivery(capture({}, true), NOW), 'bad', NOW);
    const delivered = deliverySucceeded(startDelivery(capture({}, true), NOW), undefined, NOW);
    await db.captures.bulkPut([capture(), capture(), queued, failed, delivered]);
    expect(await deliveryCounts(db)).toEqual({ drafts: 2, waiting: 1, failed: 1 });
    await db.captures.bulkPut(Array.from({ length: 1005 }, () => capture()));
    expect((await deliveryCounts(db)).drafts).toBe(1000);
  });
});
