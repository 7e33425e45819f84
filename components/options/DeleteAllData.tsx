/** "Delete all local data", behind an explicit second click that says what will be lost. */
import { useState } from 'preact/hooks';
import { countCaptures } from '../../lib/data-reset';
import type { OptionsServices } from './services';

const captureCount = (n: number) => (n === 1 ? '1 capture' : `${n.toLocaleString()} captures`);

export function DeleteAllData({
  services,
  onDeleted,
}: {
  services: OptionsServices;
  onDeleted: () => void;
}) {
  const [state, setState] = useState<
    | { kind: 'idle' }
    | { kind: 'confirm'; captures: number }
    | { kind: 'deleting' }
    | { kind: 'error'; message: string }
  >({ kind: 'idle' });

  async function ask() {
    setState({ kind: 'confirm', captures: await countCaptures(services.db) });
  }

  async function confirm() {
    setState({ kind: 'deleting' });
    const reply = await services.send('deleteAllData', undefined);
    if (!reply.ok) return setState({ kind: 'error', message: reply.error });
    setState({ kind: 'idle' });
    onDeleted();
  }

  return (
    <div class="danger-zone">
      {state.kind === 'confirm' || state.kind === 'deleting' ? (
        <div class="confirm" role="alertdialog" aria-labelledby="delete-all-question">
          <p id="delete-all-question">
            <strong>
              Delete {state.kind === 'confirm' ? captureCount(state.captures) : 'the captures'}, the
              sync log, your identity and the endpoint settings from this browser?
            </strong>{' '}
            Captures already delivered stay with the endpoint. Export first if you want a copy. This
            cannot be undone.
          </p>
          <button
            type="button"
            class="danger"
            data-testid="delete-all-confirm"
            disabled={state.kind === 'deleting'}
            onClick={() => void confirm()}
          >
            Delete everything
          </button>{' '}
          <button
            type="button"
            data-testid="delete-all-cancel"
            disabled={state.kind === 'deleting'}
            onClick={() => setState({ kind: 'idle' })}
          >
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          class="danger"
          data-testid="delete-all-data"
          onClick={() => void ask()}
        >
          Delete all local data…
        </button>
      )}
      {state.kind === 'error' ? (
        <p class="error" role="alert">
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
