// @vitest-environment happy-dom
/**
 * Both ends of the layout check around the background: the content script's watch (a check after
 * the page settles, again after each SPA navigation, none after the script is invalidated) and
 * the popup's warning with the diagnostic to copy, for its own tab only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { watchLayout } from '../../components/in-page/layout-watch';
import { LAYOUT_WARNING, LayoutWarning } from '../../components/popup/LayoutWarning';
import { layoutReports, type LayoutReports } from '../../lib/background/layout-reports';
import { handlePageMessage, pageHandlers, type PageDeps } from '../../lib/background/page-handlers';
import type { StoreContext } from '../../lib/capture-store';
import { LayoutReportRequestSchema } from '../../lib/message-schemas';
import type { LayoutReport } from '../../lib/messages';
import type { PageSend } from '../../lib/messaging/page';
import { runInSlices } from '../../lib/sites/layout-schedule';
import { postReader } from '../../lib/sites/reader';
import expected from '../fixtures/EXPECTED.json';
import { FIXTURES_DIR } from '../fixtures/load-page';
import { SHIFTED, shiftedFixture } from '../fixtures/shifted-layouts';

const variant = SHIFTED['linkedin-react'];
const FIXTURE_TEXTS = expected.fixtures['linkedin-feed.html'].posts.flatMap((p) =>
  [p.id, p.author_name, p.author_handle, p.text_start].filter((v): v is string => !!v),
);

/** The check as the content script runs it (in idle slices), on this window's page as it is now. */
const checkPage = async () =>
  runInSlices(postReader.layoutHealthSteps('linkedin', document, new URL(location.href)), window);

const fixture = (name: string) => readFileSync(path.join(FIXTURES_DIR, name), 'utf8');

/** Show `html` (a fixture without scripts) in this test's window at `url`, as the site would. */
function showPage(html: string, url: string) {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const body = document.body;
  for (const { name } of [...body.attributes]) body.removeAttribute(name);
  for (const { name, value } of parsed.body.attributes) body.setAttribute(name, value);
  body.replaceChildren(...[...parsed.body.childNodes].map((n) => document.importNode(n, true)));
}

/** WXT keeps the name private; the page only needs to know it, which it can. */
const STARTED_EVENT = (ContentScriptContext as unknown as { SCRIPT_STARTED_MESSAGE_TYPE: string })
  .SCRIPT_STARTED_MESSAGE_TYPE;

describe('the content script’s watch', () => {
  const invalidated: (() => void)[] = [];
  const ctx = {
    onInvalidated: (callback: () => void) => void invalidated.push(callback),
  } as unknown as Parameters<typeof watchLayout>[0];
  const ALWAYS = { sampleRate: 1, settleMs: 1_000, random: () => 0 };
  /** A SPA navigation: a new URL without a load, noticed by the content script's own watch. */
  let navigations = 0;
  const navigate = (html: string) => showPage(html, `${variant.url}?nav=${++navigations}`);

  beforeEach(() => {
    vi.useFakeTimers();
    invalidated.length = 0;
  });
  afterEach(() => vi.useRealTimers());

  test('reports a shifted page once it settled, with data the background accepts', async () => {
    showPage(shiftedFixture(variant), variant.url);
    const send = vi.fn(() => Promise.resolve());
    watchLayout(ctx, checkPage, send, ALWAYS);
    await vi.advanceTimersByTimeAsync(999);
    expect(send).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(send).toHaveBeenCalledOnce();
    const [type, data] = send.mock.calls[0] as unknown as [string, LayoutReport];
    expect(type).toBe('layoutReport');
    expect(data.problem).toBe('no-posts-recognised');
    expect(LayoutReportRequestSchema.safeParse(data).success).toBe(true);
    const text = JSON.stringify(data);
    for (const value of FIXTURE_TEXTS) expect(text).not.toContain(value);
  });

  test('checks again after a SPA navigation, and never once the extension context is gone', async () => {
    showPage(fixture('linkedin-feed.html'), variant.url);
    const send = vi.fn(() => Promise.resolve());
    let alive = true;
    watchLayout(ctx, checkPage, send, ALWAYS, () => alive);
    await vi.advanceTimersByTimeAsync(20_000);
    // A healthy page says nothing.
    expect(send).not.toHaveBeenCalled();

    navigate(shiftedFixture(variant));
    await vi.advanceTimersByTimeAsync(20_000);
    expect(send).toHaveBeenCalledOnce();

    alive = false;
    for (const callback of invalidated) callback();
    navigate(shiftedFixture(variant));
    await vi.advanceTimersByTimeAsync(20_000);
    expect(send).toHaveBeenCalledOnce();
  });

  test('a forged WXT invalidation (the extension still alive) does not stop the check', async () => {
    showPage(fixture('linkedin-feed.html'), variant.url);
    const send = vi.fn(() => Promise.resolve());
    // WXT's own context, as the content script has it; fakeBrowser's runtime has an id, as a
    // live extension's does.
    const wxtCtx = new ContentScriptContext('content');
    expect(fakeBrowser.runtime.id).toBeTruthy();
    watchLayout(wxtCtx, checkPage, send, ALWAYS);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(send).not.toHaveBeenCalled();
    // What a page that knows the extension id can dispatch: WXT then invalidates the context
    // (and stops its own `wxt:locationchange` events with it).
    document.dispatchEvent(
      // `<extension id>:<entrypoint>:wxt:content-script-started`, as WXT names it.
      new CustomEvent(STARTED_EVENT, {
        detail: { contentScriptName: 'content', messageId: 'forged' },
      }),
    );
    expect(wxtCtx.isInvalid).toBe(true);
    navigate(shiftedFixture(variant));
    await vi.advanceTimersByTimeAsync(20_000);
    expect(send).toHaveBeenCalledOnce();
    expect((send.mock.calls[0] as unknown as [string, LayoutReport])[1].problem).toBe(
      'no-posts-recognised',
    );
  });
});

describe('the popup’s warning', () => {
  let layout: LayoutReports;
  let send: PageSend;
  let root: HTMLElement;
  const REPORT = {
    problem: 'no-posts-recognised',
    diagnostic: {
      platform: 'linkedin',
      adapterVersion: 'linkedin-2026.12',
      pageKind: 'feed',
      layout: 'react',
      containers: 5,
      recognised: 0,
      partial: 0,
      missing: {},
      selectorHits: { '[data-view-name="feed-full-update"]': 0 },
    },
  } satisfies LayoutReport;

  beforeEach(() => {
    fakeBrowser.reset();
    layout = layoutReports(fakeBrowser.storage.session);
    const handlers = pageHandlers({ store: {} as StoreContext, layout } as unknown as PageDeps);
    const sender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
    const extension = { id: fakeBrowser.runtime.id, origin: fakeBrowser.runtime.getURL('/') };
    send = (type, data) => handlePageMessage(type, data, sender, extension, handlers);
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    render(null, root);
    root.remove();
  });
  /** The background's send, recording what the popup asked. */
  const recorded = () => {
    const calls: unknown[][] = [];
    const asked: PageSend = (type, data) => {
      calls.push([type, data]);
      return send(type, data);
    };
    return { asked, calls };
  };
  const byTestId = <T extends HTMLElement>(id: string) =>
    root.querySelector<T>(`[data-testid="${id}"]`);

  test('shows the warning and the diagnostic of its own tab, which Copy copies', async () => {
    await layout.record(7, REPORT);
    const copy = vi.fn((_: string) => Promise.resolve());
    render(<LayoutWarning send={send} tabId={() => Promise.resolve(7)} copy={copy} />, root);
    const warning = await vi.waitFor(() => byTestId('layout-warning') ?? Promise.reject());
    expect(warning.textContent).toContain(LAYOUT_WARNING);
    const diagnostic = byTestId<HTMLTextAreaElement>('layout-diagnostic')!;
    expect(diagnostic.readOnly).toBe(true);
    expect(JSON.parse(diagnostic.value)).toMatchObject({
      problem: 'no-posts-recognised',
      pageKind: 'feed',
      recognised: 0,
    });
    [...root.querySelectorAll('button')].find((b) => b.textContent === 'Copy')!.click();
    await vi.waitFor(() => expect(root.textContent).toContain('Copied.'));
    expect(copy).toHaveBeenCalledWith(diagnostic.value);
  });

  test('a refused clipboard leaves the text selected, with the keys to copy it', async () => {
    await layout.record(7, REPORT);
    render(
      <LayoutWarning
        send={send}
        tabId={() => Promise.resolve(7)}
        copy={() => Promise.reject(new Error('not allowed'))}
      />,
      root,
    );
    const diagnostic = await vi.waitFor(
      () => byTestId<HTMLTextAreaElement>('layout-diagnostic') ?? Promise.reject(),
    );
    [...root.querySelectorAll('button')].find((b) => b.textContent === 'Copy')!.click();
    await vi.waitFor(() => expect(root.textContent).toContain('Ctrl+C'));
    expect(diagnostic.selectionEnd - diagnostic.selectionStart).toBe(diagnostic.value.length);
  });

  test('says nothing when another tab reported', async () => {
    await layout.record(7, REPORT);
    const { asked, calls } = recorded();
    render(<LayoutWarning send={asked} tabId={() => Promise.resolve(8)} />, root);
    await vi.waitFor(() => expect(calls).toEqual([['layoutStatus', { tabId: 8 }]]));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(root.innerHTML).toBe('');
  });

  test('says nothing and asks nothing when there is no active tab', async () => {
    await layout.record(7, REPORT);
    const { asked, calls } = recorded();
    const tabId = vi.fn(() => Promise.resolve(undefined));
    render(<LayoutWarning send={asked} tabId={tabId} />, root);
    await vi.waitFor(() => expect(tabId).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toEqual([]);
    expect(root.innerHTML).toBe('');
  });
});
