/** Rendering the popup for component tests: a real (fake-indexeddb) database, recorded services. */
import Dexie from 'dexie';
import { render } from 'preact';
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { PopupApp } from '../../components/PopupApp';
import type { PopupServices } from '../../components/popup/services';
import type { Capture } from '../../lib/capture';
import { openDatabase, type SourcedDatabase } from '../../lib/db/database';
import { LIST_PAGE, readNewestCaptures } from '../../lib/db/newest-captures';
import { backgroundChannel } from './background-channel';
import { capture, NOW } from './capture-fixtures';

export interface Popup {
  root: HTMLElement;
  db: SourcedDatabase;
  services: PopupServices & {
    openSettings: ReturnType<typeof vi.fn<PopupServices['openSettings']>>;
  };
  /** The background the popup asks (tests/unit/background-channel.ts): its outbox and badge. */
  background: ReturnType<typeof backgroundChannel>;
  byTestId: <T extends HTMLElement = HTMLElement>(id: string, within?: ParentNode) => T | null;
  allByTestId: <T extends HTMLElement = HTMLElement>(id: string, within?: ParentNode) => T[];
  item: (id: string) => HTMLElement | null;
  /** data-capture-id of the rendered items, top to bottom. */
  listed: () => string[];
  close: () => Promise<void>;
}

export async function openPopup(
  seed: Capture[] = [],
  extra: Pick<PopupServices, 'origins'> & {
    /** Read the first page as the popup page's early script does (lib/db/newest-captures.ts). */
    firstPage?: boolean;
  } = {},
): Promise<Popup> {
  fakeBrowser.reset();
  const db = openDatabase(`popup-${Math.random()}`);
  if (seed.length) await db.captures.bulkPut(seed);
  const background = backgroundChannel(db, { now: () => NOW });
  const services = {
    db,
    now: () => NOW,
    send: background.send,
    openSettings: vi.fn<PopupServices['openSettings']>(),
    origins: extra.origins,
  };
  const root = document.createElement('div');
  document.body.append(root);
  const firstPage = extra.firstPage ? await readNewestCaptures(LIST_PAGE, db.name) : undefined;
  render(<PopupApp services={services} firstPage={firstPage} />, root);
  const allByTestId = <T extends HTMLElement>(id: string, within: ParentNode = root) => [
    ...within.querySelectorAll<T>(`[data-testid="${id}"]`),
  ];
  return {
    root,
    db,
    services,
    background,
    byTestId: <T extends HTMLElement>(id: string, within: ParentNode = root) =>
      within.querySelector<T>(`[data-testid="${id}"]`),
    allByTestId,
    item: (id) => root.querySelector(`[data-testid="capture-item"][data-capture-id="${id}"]`),
    listed: () =>
      allByTestId('capture-item')
        .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
        .map((el) => el.dataset.captureId!),
    close: async () => {
      render(null, root);
      root.remove();
      db.close();
      await Dexie.delete(db.name);
    },
  };
}

/** A capture `minutes` before NOW with its own author: a draft, or queued when `submit`. */
export function at(
  minutes: number,
  overrides: Partial<Capture> = {},
  author = `Author ${minutes}`,
  submit = false,
) {
  const base = capture(
    { capturedAt: new Date(NOW.getTime() - minutes * 60_000).toISOString(), ...overrides },
    submit,
  );
  return { ...base, post: { ...base.post, author: { name: author } } };
}

export function click(element: Element | null) {
  if (!element) throw new Error('nothing to click');
  (element as HTMLElement).click();
}

export function choose(select: HTMLSelectElement | null, value: string) {
  if (!select) throw new Error('no select');
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

export function type(input: HTMLInputElement | null, value: string) {
  if (!input) throw new Error('no input');
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

export function press(element: Element | null, key: string) {
  if (!element) throw new Error('no element');
  element.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
}
