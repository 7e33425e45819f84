/**
 * One delivery run at a time across the background, the popup and the options page. Web Locks
 * are shared by every context of the extension's origin and are released by the browser when a
 * context dies (a killed service worker included). Where Web Locks are missing (unit tests on
 * Node) a lease in the database does the same job, expiring if its holder dies.
 */
import type { SourcedDatabase } from '../db/database';

const LOCK_NAME = 'sourced-outbox';
/** Longer than one attempt's 30 s timeout, so a live run never loses its lease mid-request. */
export const LEASE_MS = 90_000;

export async function withOutboxLock<T>(
  db: SourcedDatabase,
  work: () => Promise<T>,
): Promise<T | 'busy'> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks) {
    return locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) =>
      lock ? work() : 'busy',
    );
  }
  return withLease(db, work);
}

export async function withLease<T>(
  db: SourcedDatabase,
  work: () => Promise<T>,
  now: () => number = Date.now,
): Promise<T | 'busy'> {
  const owner = crypto.randomUUID();
  const taken = await db.transaction('rw', db.meta, async () => {
    const lease = (await db.meta.get(LOCK_NAME))?.value as
      { owner: string; expiresAt: number } | undefined;
    if (lease && lease.expiresAt > now()) return false;
    await db.meta.put({ key: LOCK_NAME, value: { owner, expiresAt: now() + LEASE_MS } });
    return true;
  });
  if (!taken) return 'busy';
  try {
    return await work();
  } finally {
    await db.transaction('rw', db.meta, async () => {
      const lease = (await db.meta.get(LOCK_NAME))?.value as { owner: string } | undefined;
      if (lease?.owner === owner) await db.meta.delete(LOCK_NAME);
    });
  }
}
