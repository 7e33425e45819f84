/**
 * Numbered schema versions of the local database. Never edit a released entry: add the next one.
 * Each entry with an `upgrade` has a before/after test in tests/unit/db-migrations.test.ts.
 */
import type { Transaction } from 'dexie';
import { SEARCH_WORDS_FIELD, searchWordsOf } from './search-words';

export interface Migration {
  version: number;
  /** Dexie store definitions: the primary key first, then the indexes. */
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void>;
  why: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    why: 'first release: captures by id, with status, creation time and post key indexes',
    stores: { captures: 'id, status, capturedAt, postKey' },
  },
  {
    version: 2,
    why:
      'the outbox and the popup need updatedAt and status+time indexes, and captures an explicit ' +
      'intent (submit or withdraw); the sync log gets its own table',
    stores: {
      captures: 'id, status, capturedAt, postKey, updatedAt, [status+capturedAt]',
      syncLog: '++seq, at, captureId, eventId',
    },
    async upgrade(tx) {
      await tx
        .table('captures')
        .toCollection()
        .modify((capture: Record<string, unknown>) => {
          capture.intent ??= 'submit';
          capture.updatedAt ??= capture.capturedAt;
          capture.attempts ??= 0;
        });
    },
  },
  {
    version: 3,
    why:
      'endpoint settings hold secrets, so they live here (content scripts can read ' +
      'storage.local, not this database); meta holds the delivery lease and state',
    stores: { settings: 'key', meta: 'key' },
  },
  {
    version: 4,
    why:
      'the popup lists captures newest first filtered by platform and status, and searches them ' +
      'by the words of author, excerpt, note and CRM reference (a derived multiEntry field kept ' +
      'by lib/db/search-words.ts)',
    stores: {
      captures:
        'id, status, capturedAt, postKey, updatedAt, [status+capturedAt], ' +
        '[platform+capturedAt], [status+platform+capturedAt], *searchWords',
    },
    async upgrade(tx) {
      await tx
        .table('captures')
        .toCollection()
        .modify((capture: Record<string, unknown>) => {
          capture[SEARCH_WORDS_FIELD] = searchWordsOf(capture);
        });
    },
  },
  {
    version: 5,
    why:
      'protocol v1.1 and the follow-up: what the endpoint said became of each delivered capture ' +
      '(recognition, one row per capture, kept apart so that asking never rewrites a capture) and ' +
      'until when the user snoozed a capture\'s "Any news?" reminder; captures by status and ' +
      'last change, so that "Any news?" and the badge read only delivered captures left unchanged',
    stores: {
      captures:
        'id, status, capturedAt, postKey, updatedAt, [status+capturedAt], ' +
        '[platform+capturedAt], [status+platform+capturedAt], *searchWords, [status+updatedAt]',
      recognition: 'captureId',
      followupSnoozes: 'captureId, until',
    },
  },
];

/** From this version on, the search-words middleware keeps the derived field of every capture. */
export const SEARCH_WORDS_VERSION = 4;

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
