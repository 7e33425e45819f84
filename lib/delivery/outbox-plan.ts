/**
 * Plan an outbox run: put back what an earlier run left half-sent, check that delivery may run at
 * all (an endpoint, permission to reach it, no pause the user must lift), and list the captures
 * that are due, oldest submission first, in batches.
 */
import { deliveryDeferred } from '../capture-lifecycle';
import type { Capture } from '../capture';
import { effectiveEndpoint } from '../settings/effective';
import {
  ENDPOINT_PROBLEMS,
  readDeliveryState,
  setDeliveryProblem,
  updateDeliveryState,
} from './delivery-state';
import { originPattern, secretValues, type EndpointConfig } from './endpoint-config';
import { clockOf, emptyRun, type OutboxDeps, type SyncRunSummary } from './outbox-run';

/** Captures per batch: two transactions each, one to start it and one to record its answers. */
export const BATCH_SIZE = 60;

/** The endpoint a run sends to, read once per run. */
export interface RunEndpoint {
  config: EndpointConfig;
  /** Values that must never reach the sync log (secretValues of the config). */
  secrets: string[];
  /**
   * Which endpoint settings the run began with (a save, a policy): an answer about older ones
   * changes nothing (EffectiveEndpoint.version).
   */
  version: string;
}

export type RunPlan =
  | { send: false; summary: SyncRunSummary }
  | { send: true; endpoint: RunEndpoint; batches: string[][] };

export async function planRun(deps: OutboxDeps, force: boolean): Promise<RunPlan> {
  const { db } = deps;
  const now = clockOf(deps);
  const done = (outcome: SyncRunSummary['outcome'], nextAttemptAt?: string): RunPlan => ({
    send: false,
    summary: { ...emptyRun(outcome), ...(nextAttemptAt ? { nextAttemptAt } : {}) },
  });

  // Captures left `delivering` were cut short (worker killed, browser closed): send them again.
  const interrupted = await db.captures.where('status').equals('delivering').toArray();
  for (const capture of interrupted) {
    await db.captures.put(
      deliveryDeferred(capture, 'interrupted before the endpoint answered', now()),
    );
  }

  const queued = await db.captures.where('status').equals('queued').toArray();
  if (queued.length === 0) {
    await updateDeliveryState(db, (s) => ({
      ...s,
      nextAttemptAt: undefined,
      problem: s.problem?.kind === 'no-endpoint' ? undefined : s.problem,
    }));
    return done('idle');
  }

  const state = await readDeliveryState(db);
  // Refused credentials, a wrong URL or a gone endpoint: only saving the settings lifts these.
  if (state.problem && (ENDPOINT_PROBLEMS as readonly string[]).includes(state.problem.kind)) {
    return done('paused');
  }

  // The endpoint in effect: the organisation's (policy) or the one saved in the settings.
  const endpoint = await effectiveEndpoint(db);
  if (!endpoint) {
    await setDeliveryProblem(
      db,
      'no-endpoint',
      'No recognition endpoint is set: add one in the settings.',
      now(),
    );
    return done('paused');
  }
  const { config, version } = endpoint;
  if (deps.hasPermission && !(await deps.hasPermission(originPattern(config.url)))) {
    const host = new URL(config.url).host;
    await setDeliveryProblem(
      db,
      'permission',
      endpoint.source === 'policy'
        ? `Your organisation set the endpoint ${host}; captures wait here until you press “Allow delivery to ${host}”.`
        : `Sourced may not reach ${host} yet: save the endpoint in the settings to grant access.`,
      now(),
    );
    return done('paused');
  }
  if (state.problem) await updateDeliveryState(db, (s) => ({ ...s, problem: undefined }));

  if (!force && state.nextAttemptAt && Date.parse(state.nextAttemptAt) > now().getTime()) {
    return done('waiting', state.nextAttemptAt);
  }

  const due = queued
    .filter((c) => force || !c.nextAttemptAt || Date.parse(c.nextAttemptAt) <= now().getTime())
    .sort((a, b) => submitted(a).localeCompare(submitted(b)));
  const batches: string[][] = [];
  for (let i = 0; i < due.length; i += BATCH_SIZE) {
    batches.push(due.slice(i, i + BATCH_SIZE).map((c) => c.id));
  }
  return { send: true, endpoint: { config, secrets: secretValues(config), version }, batches };
}

function submitted(capture: Capture): string {
  return capture.submittedAt ?? capture.updatedAt;
}
