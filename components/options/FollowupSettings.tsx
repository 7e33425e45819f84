/**
 * The follow-up settings: after how many days without a change a capture whose stage can still
 * move is asked about in the popup ("Any news?"), and whether the toolbar badge counts those.
 * Saved on its own (through the background, the one writer), so it does not wait on the
 * endpoint's checks.
 */
import { useEffect, useState } from 'preact/hooks';
import {
  DEFAULT_FOLLOWUP_DAYS,
  MAX_FOLLOWUP_DAYS,
  MIN_FOLLOWUP_DAYS,
  readFollowupSettings,
  validFollowupDays,
} from '../../lib/followup/settings';
import type { OptionsServices } from './services';

type Status = { kind: 'saved' | 'error'; text: string } | undefined;

export function FollowupSettings({ services }: { services: OptionsServices }) {
  const { db } = services;
  const [days, setDays] = useState<string | undefined>(undefined);
  const [badge, setBadge] = useState(false);
  const [status, setStatus] = useState<Status>(undefined);

  useEffect(() => {
    void readFollowupSettings(db).then((settings) => {
      setDays(String(settings.days));
      setBadge(settings.badge);
    });
  }, [db]);

  async function save(event: Event) {
    event.preventDefault();
    // Read from the form itself: a change typed just before Enter may not have re-rendered yet.
    const form = event.currentTarget as HTMLFormElement;
    const typed = (form.elements.namedItem('days') as HTMLInputElement).value;
    const badge = (form.elements.namedItem('badge') as HTMLInputElement).checked;
    const value = Number(typed);
    if (typed.trim() === '' || !validFollowupDays(value)) {
      setStatus({
        kind: 'error',
        text: `Enter a whole number of days from ${MIN_FOLLOWUP_DAYS} to ${MAX_FOLLOWUP_DAYS}.`,
      });
      return;
    }
    // The background writes it, and redraws the badge, which may count differently now.
    const result = await services.send('saveFollowupSettings', { days: value, badge });
    if (!result.ok) {
      setStatus({ kind: 'error', text: result.error });
      return;
    }
    setStatus({ kind: 'saved', text: 'Saved.' });
  }

  if (days === undefined) return null;
  const invalid = status?.kind === 'error';
  return (
    <form class="card" aria-labelledby="followup-title" noValidate onSubmit={(e) => void save(e)}>
      <h2 id="followup-title">Follow-up</h2>
      <label>
        Ask “Any news?” about a lead or a deal in progress unchanged for this many days
        <input
          type="number"
          inputMode="numeric"
          min={MIN_FOLLOWUP_DAYS}
          max={MAX_FOLLOWUP_DAYS}
          step={1}
          name="days"
          data-testid="followup-days"
          value={days}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={invalid ? 'followup-status' : 'followup-days-hint'}
          onInput={(event) => setDays(event.currentTarget.value)}
        />
        <span class="hint" id="followup-days-hint">
          {MIN_FOLLOWUP_DAYS} to {MAX_FOLLOWUP_DAYS}; {DEFAULT_FOLLOWUP_DAYS} by default.
        </span>
      </label>
      <label class="checkbox">
        <input
          type="checkbox"
          name="badge"
          data-testid="followup-badge"
          checked={badge}
          onChange={(event) => setBadge(event.currentTarget.checked)}
        />
        Count these in the toolbar badge
      </label>
      <div class="save-bar">
        <button type="submit" data-testid="followup-save">
          Save follow-up
        </button>
        <p
          id="followup-status"
          class={status?.kind === 'error' ? 'error' : 'saved'}
          role={status?.kind === 'error' ? 'alert' : 'status'}
          data-testid="followup-status"
        >
          {status?.text}
        </p>
      </div>
    </form>
  );
}
