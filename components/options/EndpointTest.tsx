/**
 * "Send a test": the background sends a `capture.test` event (a test message for Slack and Teams)
 * to the saved endpoint; the answer is shown in plain words with its time and the start of the
 * response body (secrets already removed by the background).
 */
import { useState } from 'preact/hooks';
import type { EndpointTestResult } from '../../lib/messages';
import type { Result } from '../../lib/result';

/**
 * The endpoint's answer in words: a JSON body is read for its message (`message`, `error`,
 * `detail`…) or listed as "key: value" pairs; other text is shown as it is. The raw body stays one
 * click away. Everything here is text, never markup.
 */
export function readableAnswer(excerpt: string): string {
  let body: unknown;
  try {
    body = JSON.parse(excerpt);
  } catch {
    return excerpt.trim();
  }
  if (typeof body !== 'object' || body === null) return String(body);
  const record = body as Record<string, unknown>;
  const nested = record.error;
  for (const candidate of [
    record.message,
    typeof nested === 'object' && nested !== null
      ? (nested as Record<string, unknown>).message
      : nested,
    record.detail,
    record.error_description,
    record.title,
  ]) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate.trim();
  }
  const pairs = Object.entries(record)
    .filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value))
    .slice(0, 6)
    .map(([key, value]) => `${key}: ${String(value)}`);
  return pairs.length ? pairs.join(' · ') : 'a JSON body with no message';
}

type State =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'done'; result: EndpointTestResult }
  | { kind: 'error'; message: string };

export function EndpointTest({
  saved,
  unsavedChanges,
  testEndpoint,
}: {
  saved: boolean;
  unsavedChanges: boolean;
  testEndpoint: () => Promise<Result<EndpointTestResult>>;
}) {
  const [state, setState] = useState<State>({ kind: 'idle' });

  async function run() {
    setState({ kind: 'sending' });
    const reply = await testEndpoint();
    setState(
      reply.ok ? { kind: 'done', result: reply.value } : { kind: 'error', message: reply.error },
    );
  }

  return (
    <div class="endpoint-test">
      <button
        type="button"
        data-testid="endpoint-test"
        disabled={!saved || state.kind === 'sending'}
        onClick={() => void run()}
      >
        {state.kind === 'sending' ? 'Sending…' : 'Send a test'}
      </button>
      <span class="hint">
        {!saved
          ? 'Save an endpoint first.'
          : unsavedChanges
            ? 'Tests the saved settings: save your changes first.'
            : 'Sends a test event that no recognition counts.'}
      </span>
      {state.kind === 'done' ? (
        <div
          class={`test-result ${state.result.ok ? 'saved' : 'error'}`}
          role="status"
          data-testid="endpoint-test-result"
          data-ok={String(state.result.ok)}
        >
          <strong>{state.result.ok ? 'Test delivered' : 'Test failed'}:</strong>{' '}
          {state.result.summary}, at {new Date(state.result.at).toLocaleTimeString()} (
          {Math.round(state.result.durationMs)} ms).
          {state.result.excerpt ? (
            <>
              {' '}
              The endpoint answered:{' '}
              <q class="excerpt-text">{readableAnswer(state.result.excerpt)}</q>
              <details class="raw-answer">
                <summary>Response body</summary>
                <code class="mono">{state.result.excerpt}</code>
              </details>
            </>
          ) : null}
        </div>
      ) : state.kind === 'error' ? (
        <div
          class="test-result error"
          role="alert"
          data-testid="endpoint-test-result"
          data-ok="false"
        >
          {state.message}
        </div>
      ) : null}
    </div>
  );
}
