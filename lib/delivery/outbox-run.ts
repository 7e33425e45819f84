/** What an outbox run needs from its context, and what it reports back. */
import type { SourcedDatabase } from '../db/database';

export interface OutboxDeps {
  db: SourcedDatabase;
  clientVersion: string;
  now?: () => Date;
  random?: () => number;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  /** Whether the extension may reach this origin pattern (an optional host permission). */
  hasPermission?: (pattern: string) => Promise<boolean>;
}

/** What one run did: the reply to "sync now" and what the scheduler plans the next run by. */
export interface SyncRunSummary {
  outcome: 'busy' | 'idle' | 'paused' | 'waiting' | 'ran';
  delivered: number;
  retried: number;
  failed: number;
  /** When something queued is next due; the scheduler sets an alarm for it. */
  nextAttemptAt?: string;
}

/** The run's clock: the injected one in tests, the real one otherwise. */
export function clockOf(deps: Pick<OutboxDeps, 'now'>): () => Date {
  return deps.now ?? (() => new Date());
}

/** A run that sent nothing. */
export function emptyRun(outcome: SyncRunSummary['outcome']): SyncRunSummary {
  return { outcome, delivered: 0, retried: 0, failed: 0 };
}
