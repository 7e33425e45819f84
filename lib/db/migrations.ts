/**
 * Numbered schema versions of the local database. Never edit a released entry: add the next one.
 * Each entry with an `upgrade` has a before/after test in tests/unit/db-migrations.test.ts.
 */
import Dexie, { type Transaction } from 'dexie';
import { SEARCH_WORDS_FIELD, searchWordsOf } from './search-words';
import { IDENTITY_KEY, PRIVACY_KEY } from './settings-keys';

/**
 * Where identity and privacy lived before version 5: WXT storage items in storage.local, each
 * with its `$` metadata key (version). Removed once copied.
 */
export const LEGACY_SETTINGS_KEYS = {
  [IDENTITY_KEY]: 'identity',
  [PRIVACY_KEY]: 'privacy',
} as const;
const LEGACY_KEYS_TO_REMOVE = ['identity', 'identity$', 'privacy', 'privacy$'];

/** The part of `storage.local` migration 5 uses. */
interface LegacyStorageApi {
  storage?: {
    local?: {
      get(keys: string[]): Promise<Record<string, unknown>>;
      remove(keys: string[]): Promise<void>;
    };
  };
}

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
      'identity and privacy move from storage.local into the settings table: a compromised site ' +
      'renderer can read and rewrite storage.local (and credit every win to someone else), but ' +
      'not this database',
    stores: {},
    async upgrade(tx) {
      // The extension's own storage API, taken from the global rather than imported: every page
      // opens the database, and the popup's first screen goes without the browser API module
      // (and this module without Zod: readers re-check what is copied, lib/settings.ts, so the
      // values are copied as they were). Chrome's and Firefox's storage.local.get both return a
      // promise. Undefined outside an extension (the Node benchmarks open the database too).
      const api = globalThis as unknown as {
        browser?: LegacyStorageApi;
        chrome?: LegacyStorageApi;
      };
      const local = (api.browser ?? api.chrome)?.storage?.local;
      if (!local) return;
      // A promise from outside IndexedDB would let the upgrade transaction commit under it.
      const legacy = await Dexie.waitFor(
        local.get([LEGACY_SETTINGS_KEYS.identity, LEGACY_SETTINGS_KEYS.privacy]),
      );
      const rows = [];
      for (const key of [IDENTITY_KEY, PRIVACY_KEY] as const) {
        const value: unknown = legacy[LEGACY_SETTINGS_KEYS[key]];
        if (value && typeof value === 'object' && !Array.isArray(value)) rows.push({ key, value });
      }
      if (rows.length > 0) await tx.table('settings').bulkPut(rows);
      // Only once the copy is committed: an upgrade that fails runs again from an intact
      // storage.local, and nothing is lost.
      tx.on('complete', () => void local.remove(LEGACY_KEYS_TO_REMOVE).catch(() => {}));
    },
  },
];

/** From this version on, the search-words middleware keeps the derived field of every capture. */
export const SEARCH_WORDS_VERSION = 4;

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
