/** Import a JSON export: checked whole before anything is written, merged by revision. */
import { useState } from 'preact/hooks';
import { describeImport, readImportFile } from '../../lib/import/import-export';
import type { OptionsServices } from './services';

type State =
  | { kind: 'idle' }
  | { kind: 'busy'; name: string }
  | { kind: 'done'; text: string }
  | { kind: 'error'; text: string };

export function ImportPanel({ services }: { services: OptionsServices }) {
  const [state, setState] = useState<State>({ kind: 'idle' });

  async function choose(input: HTMLInputElement) {
    const file = input.files?.[0];
    if (!file) return;
    setState({ kind: 'busy', name: file.name });
    const text = await readImportFile(file);
    // The background checks the whole file, then writes it in one transaction (or nothing).
    const result = text.ok ? await services.send('importExport', { text: text.value }) : text;
    // Let the same file be chosen again (after fixing it, say): a change needs a new value.
    input.value = '';
    if (!result.ok) {
      setState({ kind: 'error', text: result.error });
      return;
    }
    setState({ kind: 'done', text: describeImport(result.value) });
  }

  return (
    <section class="card" aria-labelledby="import-title">
      <h2 id="import-title">Import</h2>
      <p class="muted">
        Restore a JSON export, or bring your captures from another browser. Captures already here
        are updated when the file holds a newer revision, never duplicated; a file that does not
        check out changes nothing.
      </p>
      <label>
        JSON export (up to 50 MB)
        <input
          type="file"
          accept=".json,application/json"
          data-testid="import-file"
          disabled={state.kind === 'busy'}
          onChange={(event) => void choose(event.currentTarget)}
        />
      </label>
      {state.kind === 'busy' ? (
        <p class="muted" role="status" data-testid="import-result" data-state="busy">
          Checking {state.name}…
        </p>
      ) : state.kind === 'done' ? (
        <p class="saved" role="status" data-testid="import-result" data-state="done">
          {state.text}
        </p>
      ) : state.kind === 'error' ? (
        <p class="error" role="alert" data-testid="import-result" data-state="error">
          {state.text}
        </p>
      ) : null}
    </section>
  );
}
