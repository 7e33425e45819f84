/**
 * The newest captures read straight from IndexedDB, without Dexie: the popup's first page, read
 * by a small script that runs before the popup's own code has loaded (components/popup/
 * first-page.ts). The same index, order and page as the list's unfiltered live query
 * (lib/db/capture-query.ts `captureWindow`), so that the live query's first answer changes
 * nothing on screen. Read only: the background owns the database.
 */
import type { Capture } from '../capture';
import type { CaptureWindow } from './capture-query';
import { DATABASE_NAME } from './database-name';
import { SEARCH_WORDS_FIELD } from './search-words';

/** IndexedDB's newer read of many records in either direction, where the browser has it. */
type RecordsIndex = IDBIndex & {
  getAllRecords?: (options: {
    count?: number;
    direction?: IDBCursorDirection;
  }) => IDBRequest<{ value: unknown }[]>;
};

/** Derived and stripped from every read through Dexie (lib/db/search-words.ts). */
function stripped(value: unknown): Capture {
  const { [SEARCH_WORDS_FIELD]: _words, ...capture } = value as Record<string, unknown>;
  return capture as unknown as Capture;
}

/** Captures the popup's list reads per query. */
export const LIST_PAGE = 25;

/**
 * The `limit` newest captures and whether more follow, or undefined when they cannot be read this
 * way (no database yet, an older schema, an error): the caller then waits for its live query.
 */
export function readNewestCaptures(
  limit = LIST_PAGE,
  name = DATABASE_NAME,
): Promise<CaptureWindow | undefined> {
  return new Promise((resolve) => {
    const failed = (event?: Event) => {
      // Handled here: not a page error.
      event?.preventDefault();
      resolve(undefined);
    };
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.open(name);
    } catch {
      return failed();
    }
    // No database yet: opening without a version would create an empty one, and creating it is
    // its owner's business. Aborting the upgrade leaves nothing behind.
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = failed;
    request.onsuccess = () => {
      const db = request.result;
      // A schema upgrade elsewhere must not wait for this reader.
      db.onversionchange = () => db.close();
      const done = (values: unknown[]) => {
        db.close();
        const rows = values.slice(0, limit).map(stripped);
        resolve({ rows, more: values.length > limit });
      };
      try {
        const index = db
          .transaction('captures', 'readonly')
          .objectStore('captures')
          .index('capturedAt') as RecordsIndex;
        // One more than asked says whether the list goes on, as the live query does.
        const wanted = limit + 1;
        if (typeof index.getAllRecords === 'function') {
          // One request (Chromium 141+), where a cursor takes a round trip per few records.
          const all = index.getAllRecords({ count: wanted, direction: 'prev' });
          all.onerror = (event) => {
            db.close();
            failed(event);
          };
          all.onsuccess = () => done(all.result.map((record) => record.value));
          return;
        }
        const values: unknown[] = [];
        const cursor = index.openCursor(null, 'prev');
        cursor.onerror = (event) => {
          db.close();
          failed(event);
        };
        cursor.onsuccess = () => {
          const at = cursor.result;
          if (at && values.length < wanted) {
            values.push(at.value);
            at.continue();
          } else done(values);
        };
      } catch {
        // No captures table or capturedAt index: a database this code does not know.
        db.close();
        failed();
      }
    };
  });
}
