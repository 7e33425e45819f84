/**
 * The local database: IndexedDB in the extension's own origin (background, popup, options).
 * Content scripts never open it: in a page, IndexedDB belongs to the site.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { Capture } from '../capture';
import type { RecognitionRecord } from '../recognition/record';
import type { SyncLogEntry } from '../sync-log';
import { LATEST_VERSION, MIGRATIONS, SEARCH_WORDS_VERSION } from './migrations';
import { DATABASE_NAME } from './database-name';
import { searchWordsMiddleware } from './search-words';

export { DATABASE_NAME };

/** A keyed record of the settings and meta tables; each key's value has its own schema. */
export interface KeyedRecord {
  key: string;
  value: unknown;
}

export type SourcedDatabase = Dexie & {
  captures: EntityTable<Capture, 'id'>;
  syncLog: EntityTable<SyncLogEntry, 'seq'>;
  /** Settings that must stay out of content scripts' reach (endpoint token, signing secret). */
  settings: EntityTable<KeyedRecord, 'key'>;
  /** Delivery lease and state. */
  meta: EntityTable<KeyedRecord, 'key'>;
  /** Protocol v1.1: what the endpoint said became of each delivered capture. */
  recognition: EntityTable<RecognitionRecord, 'captureId'>;
  /** "Any news?" reminders the user snoozed, until when (ISO time). */
  followupSnoozes: EntityTable<FollowupSnooze, 'captureId'>;
};

export interface FollowupSnooze {
  captureId: string;
  until: string;
}

/** Open the database at `upTo` (the latest by default); tests open older versions to migrate. */
export function openDatabase(name = DATABASE_NAME, upTo = LATEST_VERSION): SourcedDatabase {
  const db = new Dexie(name) as SourcedDatabase;
  for (const migration of MIGRATIONS) {
    if (migration.version > upTo) break;
    const version = db.version(migration.version).stores(migration.stores);
    if (migration.upgrade) version.upgrade(migration.upgrade);
  }
  // Older versions stay as they were, so that migration tests write records of their real shape.
  if (upTo >= SEARCH_WORDS_VERSION) db.use(searchWordsMiddleware);
  return db;
}

let shared: SourcedDatabase | undefined;
/** The one database handle of this extension context. */
export function database(): SourcedDatabase {
  shared ??= openDatabase();
  return shared;
}
