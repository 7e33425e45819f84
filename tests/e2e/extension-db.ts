/**
 * Read and write the extension's own database from one of its pages, as the tests' Chromium and
 * Firefox harnesses both do. Shared by both: `inExtensionDb` is passed to `page.evaluate`, which
 * sends its source to the page, so it must stay self-contained (no imports, no outer names).
 */

/** What a test does with one store of the extension's database. */
export type StoreOperation =
  | { store: string; op: 'getAll' }
  | { store: string; op: 'put'; records: unknown[] }
  | { store: string; op: 'clear' };

/**
 * Runs in the page. It waits until the extension has made its database (its pages and its
 * background open it with Dexie, at their own pace; under load that can come after the test's
 * first look): an `indexedDB.open` without a version on a database that does not exist yet would
 * create an empty one, the store would be missing, and the extension's own open would then wait
 * behind the test's connection — the test hung for a minute on exactly that. So an upgrade this
 * request would start is aborted (nothing is created), a database without the store is closed and
 * looked at again, and the connection closes as soon as the extension wants to upgrade. Every
 * failure rejects, with what was waited for.
 */
export function inExtensionDb(operation: StoreOperation): Promise<unknown> {
  const WAIT_MS = 15_000;
  const deadline = Date.now() + WAIT_MS;
  return new Promise((resolve, reject) => {
    const later = (why: string) => {
      if (Date.now() > deadline) {
        reject(
          new Error(
            `The extension's database has no "${operation.store}" store after ${WAIT_MS} ms (${why}).`,
          ),
        );
      } else {
        setTimeout(attempt, 50);
      }
    };
    const attempt = () => {
      const open = indexedDB.open('sourced');
      open.onupgradeneeded = () => open.transaction?.abort();
      open.onerror = (event) => {
        event.preventDefault();
        later(String(open.error?.name ?? 'open failed'));
      };
      open.onsuccess = () => {
        const db = open.result;
        db.onversionchange = () => db.close();
        if (!db.objectStoreNames.contains(operation.store)) {
          db.close();
          later('not made yet');
          return;
        }
        try {
          const mode = operation.op === 'getAll' ? 'readonly' : 'readwrite';
          const tx = db.transaction(operation.store, mode);
          const store = tx.objectStore(operation.store);
          let result: unknown;
          if (operation.op === 'getAll') {
            const request = store.getAll();
            request.onsuccess = () => (result = request.result);
          } else if (operation.op === 'put') {
            for (const record of operation.records) store.put(record);
          } else {
            store.clear();
          }
          tx.oncomplete = () => {
            db.close();
            resolve(result);
          };
          tx.onerror = () => {
            db.close();
            reject(tx.error ?? new Error('transaction failed'));
          };
          tx.onabort = () => {
            db.close();
            reject(tx.error ?? new Error('transaction aborted'));
          };
        } catch (error) {
          db.close();
          reject(error);
        }
      };
    };
    attempt();
  });
}
