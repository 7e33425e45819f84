/**
 * The state of delivery as a whole, kept in the database's meta table so that the popup and the
 * options page follow it live (Dexie liveQuery) while the background changes it.
 */
import { z } from 'zod';
import type { SourcedDatabase } from '../db/database';

const KEY = 'deliveryState';

/**
 * Problems only saving the endpoint settings lifts: refused credentials (401/403), a misconfigured
 * URL (a redirect, 404/405), an endpoint that is gone (410).
 */
export const ENDPOINT_PROBLEMS = ['credentials', 'misconfigured', 'gone'] as const;
export type EndpointProblem = (typeof ENDPOINT_PROBLEMS)[number];

export const DeliveryStateSchema = z.object({
  /** Delivery is stopped until the endpoint settings are saved again (401/403, 410, 3xx). */
  problem: z
    .object({
      kind: z.enum([...ENDPOINT_PROBLEMS, 'permission', 'no-endpoint']),
      message: z.string().max(500),
      since: z.iso.datetime(),
    })
    .optional(),
  lastSuccessAt: z.iso.datetime().optional(),
  lastAttemptAt: z.iso.datetime().optional(),
  /** The last transient error (the outbox retries by itself). */
  lastError: z.string().max(500).optional(),
  /** When the next automatic attempt is due, if something is waiting. */
  nextAttemptAt: z.iso.datetime().optional(),
  offline: z.boolean().optional(),
});
export type DeliveryState = z.infer<typeof DeliveryStateSchema>;

export async function readDeliveryState(db: SourcedDatabase): Promise<DeliveryState> {
  const parsed = DeliveryStateSchema.safeParse((await db.meta.get(KEY))?.value);
  return parsed.success ? parsed.data : {};
}

export async function updateDeliveryState(
  db: SourcedDatabase,
  change: (state: DeliveryState) => DeliveryState,
): Promise<DeliveryState> {
  return db.transaction('rw', db.meta, async () => {
    const next = DeliveryStateSchema.parse(change(await readDeliveryState(db)));
    await db.meta.put({ key: KEY, value: next });
    return next;
  });
}

/** Record why delivery waits for the user; `since` stays from the first time it was seen. */
export async function setDeliveryProblem(
  db: SourcedDatabase,
  kind: NonNullable<DeliveryState['problem']>['kind'],
  message: string,
  now: Date,
): Promise<void> {
  await updateDeliveryState(db, (s) => ({
    ...s,
    problem: {
      kind,
      message: message.slice(0, 500),
      since: s.problem?.kind === kind ? s.problem.since : now.toISOString(),
    },
  }));
}
