/** The popup: the captures of this browser, live. */
import { browser } from 'wxt/browser';
import { database } from '../lib/db/database';
import { CaptureList } from './CaptureList';
import { useLiveQuery } from './use-live-query';

const PAGE_SIZE = 200;

export function PopupApp() {
  const { value: captures, error } = useLiveQuery(
    () => database().captures.orderBy('capturedAt').reverse().limit(PAGE_SIZE).toArray(),
    [],
  );
  return (
    <main class="popup">
      <header>
        <h1>Sourced</h1>
        <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
          Settings
        </button>
      </header>
      {error ? (
        <p class="error" role="alert">
          Sourced cannot read its database: {String((error as Error).message ?? error)}
        </p>
      ) : captures === undefined ? (
        <p class="muted">Loading…</p>
      ) : captures.length === 0 ? (
        <section class="empty" data-testid="capture-list">
          <h2>No wins recorded yet</h2>
          <p>
            Open LinkedIn or X, find the post that led to a customer, a deal or a partner, and press
            the flag on it. What you record appears here.
          </p>
        </section>
      ) : (
        <CaptureList captures={captures} />
      )}
    </main>
  );
}
