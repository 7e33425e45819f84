/**
 * "Any news?": delivered captures whose stage can still move and that nobody changed for the
 * configured number of days. Each offers its next stage in one step (a new revision, delivered as
 * `capture.updated`), a snooze of two weeks, and "no longer relevant" (a withdrawal).
 */
import { useState } from 'preact/hooks';
import type { Capture } from '../../lib/capture';
import { OUTCOME_LABELS, OUTCOME_STAGES, STAGE_LABELS } from '../../lib/capture-constants';
import type { SourcedDatabase } from '../../lib/db/database';
import { followupCaptures, MAX_FOLLOWUPS, SNOOZE_DAYS } from '../../lib/followup/select';
import { readFollowupSettings } from '../../lib/followup/settings';
import { relativeTime } from './capture-text';
import { useLiveQuery } from '../use-live-query';

/** Shown at once; the rest are counted (the list below holds them all). */
const SHOWN = 3;

export interface FollowupActions {
  setStage: (capture: Capture, stage: Capture['outcome']['stage']) => void;
  snooze: (capture: Capture) => void;
  withdraw: (capture: Capture) => void;
}

function FollowupItem({
  capture,
  now,
  actions,
}: {
  capture: Capture;
  now: number;
  actions: FollowupActions;
}) {
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const author = capture.post.author.name ?? capture.post.author.handle ?? 'Unknown author';
  const { outcome } = capture;
  const headingId = `followup-${capture.id}`;
  return (
    <li
      class="followup-item"
      data-testid="followup-item"
      data-capture-id={capture.id}
      aria-labelledby={headingId}
    >
      <p id={headingId} class="followup-what">
        <strong>{author}</strong> · {OUTCOME_LABELS[outcome.type]} · {STAGE_LABELS[outcome.stage]},
        unchanged since {relativeTime(capture.updatedAt, now)}
      </p>
      <div class="followup-actions" role="group" aria-label={`News of ${author}’s post`}>
        <span class="muted">Now:</span>
        {OUTCOME_STAGES.filter((stage) => stage !== outcome.stage).map((stage) => (
          <button
            key={stage}
            type="button"
            data-testid="followup-stage"
            data-stage={stage}
            onClick={() => actions.setStage(capture, stage)}
          >
            {STAGE_LABELS[stage]}
          </button>
        ))}
        <button
          type="button"
          class="link"
          data-testid="followup-snooze"
          title={`Ask again in ${SNOOZE_DAYS} days`}
          onClick={() => actions.snooze(capture)}
        >
          Later
        </button>
        <button
          type="button"
          class="link"
          data-testid="followup-withdraw"
          aria-pressed={confirmWithdraw ? 'true' : undefined}
          onBlur={() => setConfirmWithdraw(false)}
          onClick={() => {
            // This withdraws the win from the company: a second click confirms.
            if (!confirmWithdraw) return setConfirmWithdraw(true);
            setConfirmWithdraw(false);
            actions.withdraw(capture);
          }}
        >
          {confirmWithdraw ? 'Really withdraw?' : 'No longer relevant'}
        </button>
      </div>
    </li>
  );
}

export function FollowupList({
  db,
  now,
  actions,
}: {
  db: SourcedDatabase;
  now: number;
  actions: FollowupActions;
}) {
  // Re-read as the day moves on (`now` changes every 30 s; a minute's resolution is plenty).
  const minute = Math.floor(now / 60_000);
  const due = useLiveQuery(async () => {
    const settings = await readFollowupSettings(db);
    return followupCaptures(db, new Date(minute * 60_000), settings);
  }, [db, minute]);
  const [all, setAll] = useState(false);
  const captures = due.value ?? [];
  if (captures.length === 0) return null;
  const shown = all ? captures : captures.slice(0, SHOWN);
  // The list stops at MAX_FOLLOWUPS (the oldest first): more may be waiting.
  const capped = captures.length >= MAX_FOLLOWUPS;
  const count = `${captures.length}${capped ? '+' : ''}`;
  return (
    <section class="followup" data-testid="followup-list" aria-labelledby="followup-title">
      <h2 id="followup-title">
        Any news? <span class="muted">({count})</span>
      </h2>
      <ul>
        {shown.map((capture) => (
          <FollowupItem key={capture.id} capture={capture} now={now} actions={actions} />
        ))}
      </ul>
      {captures.length > SHOWN ? (
        <button type="button" class="link" onClick={() => setAll(!all)}>
          {all
            ? 'Show fewer'
            : capped
              ? `Show the ${captures.length} oldest`
              : `Show all ${captures.length}`}
        </button>
      ) : null}
    </section>
  );
}
