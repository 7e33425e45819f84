/** Test data for the receiver's wall and CSV: many confirmed wins, stored as deliveries would be. */
import net from 'node:net';
import { expect } from 'vitest';
import type { CaptureData } from '../../lib/capture';
import type { CaptureStore } from '../storage/types';
import { sampleCapture } from './deliveries';

/**
 * Stores `count` wins, each its own post, `receivedAt` shared by many of them (pages must still
 * join up), and confirms them as a reviewer would.
 */
export async function seedConfirmedWins(
  store: CaptureStore,
  count: number,
  make = (i: number) =>
    sampleCapture({ team: `Team ${i % 7}`, occurredAt: `2026-0${1 + (i % 5)}-1${i % 10}` }),
) {
  const at = new Date('2026-06-01T00:00:00.000Z');
  const ids: string[] = [];
  for (let start = 0; start < count; start += 1000) {
    const batch: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(count, start + 1000); i++) {
      const data: CaptureData = make(i);
      ids.push(data.id);
      batch.push(
        store.receive({
          key: `${data.id}.1`,
          bodySha256: data.id,
          type: 'capture.submitted',
          data,
          receivedAt: at,
        }),
      );
    }
    await Promise.all(batch);
  }
  for (let start = 0; start < ids.length; start += 1000) {
    const decided = await store.decide(
      ids.slice(start, start + 1000).map((captureId) => ({
        captureId,
        revision: 1,
        state: 'confirmed' as const,
        at,
      })),
    );
    expect(decided).toHaveLength(Math.min(1000, ids.length - start));
  }
  return ids;
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
