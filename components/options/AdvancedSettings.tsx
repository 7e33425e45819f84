/**
 * Advanced: the debug log. When on, Sourced's scripts say in the browser console which selector
 * failed on which post and which handled failure happened where (names only, never post text,
 * URLs or keys), so that a broken site adapter can be pinned down from a user's browser.
 */
import { useEffect, useState } from 'preact/hooks';
import { isDebugLogOn, watchDebugLog } from '../../lib/debug-setting';
import type { OptionsServices } from './services';

export function AdvancedSettings({ services }: { services: OptionsServices }) {
  const [on, setOn] = useState<boolean | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    let live = true;
    isDebugLogOn().then(
      (value) => live && setOn(value),
      () => live && setError('The debug log setting cannot be read right now.'),
    );
    const unwatch = watchDebugLog(setOn);
    return () => {
      live = false;
      unwatch();
    };
  }, []);

  async function toggle(next: boolean) {
    setError(undefined);
    const reply = await services.send('setDebugLog', { on: next });
    // The checkbox follows the stored value (watchDebugLog); only a refusal needs saying.
    if (!reply.ok) setError(reply.error);
  }

  return (
    <section class="card" aria-labelledby="advanced-title">
      <h2 id="advanced-title">Advanced</h2>
      <label class="checkbox">
        <input
          type="checkbox"
          checked={on === true}
          disabled={on === undefined}
          onChange={(event) => void toggle(event.currentTarget.checked)}
        />
        Debug log: report in the browser console what Sourced could not read on a page
      </label>
      <p class="hint">
        For troubleshooting. It names selectors and failures, never post text, addresses or keys.
      </p>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
