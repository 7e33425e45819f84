/**
 * Where delivery stands, live from the database: what waits, when something last arrived, what
 * stops it now (with the way to the setting that fixes it), and "deliver now".
 */
import { useState } from 'preact/hooks';
import type { DeliveryState } from '../../lib/delivery/delivery-state';
import type { SyncRunSummary } from '../../lib/messages';
import type { Result } from '../../lib/result';
import { sinceTime, untilTime } from './capture-text';
import { COUNT_CAP, type DeliveryCounts } from '../../lib/db/capture-query';
import type { SettingsSection } from './services';

type ProblemKind = NonNullable<DeliveryState['problem']>['kind'];

/** What each stop means for the user, and the button that leads to its fix. */
const PROBLEMS: Record<Exclude<ProblemKind, 'no-endpoint'>, { title: string; fix: string }> = {
  credentials: {
    title: 'Delivery paused: the endpoint refused Sourced’s credentials.',
    fix: 'Update the credentials',
  },
  gone: { title: 'Delivery stopped: the endpoint no longer exists.', fix: 'Change the endpoint' },
  misconfigured: {
    title: 'Delivery paused: the endpoint settings need a change.',
    fix: 'Check the endpoint settings',
  },
  permission: {
    title: 'Delivery paused: Sourced may not reach the endpoint yet.',
    fix: 'Grant access in the settings',
  },
};

/** Counts are read up to a cap (see deliveryCounts). */
function count(n: number): string {
  return n > COUNT_CAP ? `${COUNT_CAP}+` : String(n);
}

/**
 * What came of "deliver now", in words true of the state it left: "paused" only when delivery is
 * paused, not when there is simply no endpoint yet.
 */
export function syncResultText(
  result: Result<SyncRunSummary>,
  problem?: DeliveryState['problem'],
  hasEndpoint?: boolean,
): string {
  if (!result.ok) return result.error;
  const { outcome, delivered, retried, failed } = result.value;
  switch (outcome) {
    case 'idle':
      return 'Nothing is waiting to be delivered.';
    case 'busy':
      return 'A delivery is already running; its result appears here.';
    case 'paused':
      if (hasEndpoint === false || problem?.kind === 'no-endpoint') {
        return 'Nothing was sent: no endpoint is set yet.';
      }
      if (problem?.kind === 'permission') {
        return 'Nothing was sent: Sourced may not reach the endpoint yet (see above).';
      }
      return 'Nothing was sent: delivery is paused (see above).';
    case 'waiting':
      return 'The endpoint asked Sourced to wait; it tries again by itself.';
    case 'ran': {
      const parts = [`Delivered ${delivered}.`];
      if (retried) parts.push(`${retried} will be tried again.`);
      if (failed) parts.push(`${failed} refused by the endpoint.`);
      return parts.join(' ');
    }
  }
}

export interface DeliverySummaryProps {
  counts: DeliveryCounts | undefined;
  state: DeliveryState | undefined;
  hasEndpoint: boolean | undefined;
  /** The endpoint is the organisation's: its permission is granted by `endpoint-allow`, not settings. */
  policyEndpoint?: boolean;
  now: number;
  syncNow: () => Promise<Result<SyncRunSummary>>;
  openSettings: (section: SettingsSection) => void;
  submitAll: () => void;
  showFailed: () => void;
}

export function DeliverySummary(props: DeliverySummaryProps) {
  const { counts, state, now } = props;
  const [syncing, setSyncing] = useState(false);
  const [reply, setReply] = useState<Result<SyncRunSummary> | null>(null);

  async function syncNow() {
    setSyncing(true);
    setReply(null);
    const answer = await props.syncNow();
    setSyncing(false);
    setReply(answer);
  }

  const problem = state?.problem;
  const known = problem && problem.kind !== 'no-endpoint' ? PROBLEMS[problem.kind] : undefined;
  const waiting = counts?.waiting ?? 0;
  const noEndpoint = props.hasEndpoint === false || problem?.kind === 'no-endpoint';
  // Read at render time, so the words follow the state the run left (written before its reply).
  const result = reply
    ? { text: syncResultText(reply, problem, props.hasEndpoint), ok: reply.ok }
    : null;
  /** Why "Deliver now" cannot do anything now, or nothing when it can. */
  const idleReason =
    counts === undefined
      ? 'Counting what waits…'
      : waiting === 0
        ? 'Nothing is waiting to be delivered.'
        : noEndpoint
          ? 'There is no endpoint to deliver to yet.'
          : undefined;

  return (
    <section class="sync" data-testid="sync-state" aria-label="Delivery">
      <div class="sync-head">
        <p class="sync-line">
          <span data-testid="sync-queued">
            {counts === undefined
              ? 'Counting…'
              : waiting > 0
                ? `${count(waiting)} waiting`
                : 'Nothing waiting'}
          </span>
          {' · '}
          <span>
            {state?.lastSuccessAt
              ? `last delivered ${sinceTime(state.lastSuccessAt, now)}`
              : 'nothing delivered yet'}
          </span>
        </p>
        <button
          type="button"
          data-testid="sync-now"
          disabled={syncing || idleReason !== undefined}
          title={idleReason}
          aria-busy={syncing ? 'true' : undefined}
          onClick={() => void syncNow()}
        >
          {syncing ? 'Delivering…' : 'Deliver now'}
        </button>
      </div>
      {known && problem ? (
        <div class="sync-problem" data-problem={problem.kind} role="alert">
          {/* The stored message says what happened and the server's reason, once; the title
              stands in only when there is none. */}
          <p>{problem.message || known.title}</p>
          {problem.kind === 'permission' && props.policyEndpoint ? null : (
            <button type="button" class="link" onClick={() => props.openSettings('endpoint')}>
              {known.fix}
            </button>
          )}
        </div>
      ) : noEndpoint && waiting > 0 ? (
        <p class="sync-problem" data-problem="no-endpoint">
          {/* With nothing waiting, the setup hint above says it already. */}
          No endpoint set: what waits will be sent once your company’s endpoint is set —
          <button type="button" class="link" onClick={() => props.openSettings('endpoint')}>
            Settings
          </button>
        </p>
      ) : state?.offline ? (
        <p class="sync-problem" data-problem="offline">
          You are offline: delivery resumes when the connection is back.
        </p>
      ) : state?.lastError && waiting > 0 ? (
        <p class="sync-problem" data-problem="retrying">
          Last attempt failed: {state.lastError}
          {state.nextAttemptAt ? ` Next try ${untilTime(state.nextAttemptAt, now)}.` : ''}
        </p>
      ) : null}
      {counts && (counts.drafts > 0 || counts.failed > 0) ? (
        <p class="sync-extras">
          {counts.drafts > 0 ? (
            <span>
              {counts.drafts === 1
                ? '1 draft not submitted'
                : `${count(counts.drafts)} drafts not submitted`}
              <button
                type="button"
                class="link"
                data-testid="capture-submit-all"
                onClick={props.submitAll}
              >
                {counts.drafts === 1 ? 'Submit it' : 'Submit all'}
              </button>
            </span>
          ) : null}
          {counts.failed > 0 ? (
            <span class="error">
              {`${count(counts.failed)} refused`}
              <button type="button" class="link" onClick={props.showFailed}>
                Show
              </button>
            </span>
          ) : null}
        </p>
      ) : null}
      {/* Always present, so that screen readers announce what appears in it. */}
      <p class={`sync-result${result?.ok === false ? ' error' : ''}`} role="status">
        {result?.text}
      </p>
    </section>
  );
}
