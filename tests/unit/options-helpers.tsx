/** Rendering the options page in happy-dom, and driving its fields. */
import { vi } from 'vitest';
import type { OptionsServices } from '../../components/options/services';
import type { SourcedDatabase } from '../../lib/db/database';
import { backgroundChannel } from './background-channel';

/**
 * The options page's services: the real background handlers behind the page's dispatch
 * (tests/unit/background-channel.ts), a permission prompt that says yes, recorded downloads.
 */
export function fakeServices(db: SourcedDatabase) {
  const background = backgroundChannel(db);
  return {
    db,
    clientVersion: '0.1.0',
    ensureOrigin: vi.fn<OptionsServices['ensureOrigin']>(async () => true),
    send: background.send,
    download: vi.fn<OptionsServices['download']>(),
    background,
  } satisfies OptionsServices & { background: unknown };
}

export function byTestId<T extends HTMLElement = HTMLElement>(root: ParentNode, id: string): T {
  const found = root.querySelector<T>(`[data-testid="${id}"]`);
  if (!found) throw new Error(`No element with data-testid="${id}"`);
  return found;
}

export function type(root: ParentNode, id: string, value: string) {
  const input = byTestId<HTMLInputElement>(root, id);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

export function choose(root: ParentNode, id: string, value: string) {
  const select = byTestId<HTMLSelectElement>(root, id);
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

export function click(root: ParentNode, id: string) {
  byTestId<HTMLButtonElement>(root, id).click();
}

/** Retry `check` until it stops throwing (Preact renders and IndexedDB answer asynchronously). */
export async function waitFor<T>(check: () => T, timeoutMs = 3000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
