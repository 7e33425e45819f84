// @vitest-environment happy-dom
/**
 * The layout check between the contexts: a content script's report passes the sender check and a
 * strict, capped schema, is kept for the sender's own tab (in storage.session, so a restarted
 * worker still has it), is answered to the popup of that tab only, and is dropped when the tab
 * navigates, reloads or closes.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import {
  contentHandlers,
  handleContentMessage,
  type MessageSender,
} from '../../lib/background/content-handlers';
import {
  clearOnNavigation,
  layoutReports,
  memoryArea,
  type LayoutReports,
} from '../../lib/background/layout-reports';
import { handlePageMessage, pageHandlers, type PageDeps } from '../../lib/background/page-handlers';
import type { StoreContext } from '../../lib/capture-store';
import type { LayoutReport } from '../../lib/messages';
import { adapterFor } from '../../lib/sites';
import { diagnosticText, layoutHealth } from '../../lib/sites/layout-health';
import { shiftedFixture, SHIFTED } from '../fixtures/shifted-layouts';
import { loadHtml } from '../fixtures/load-page';

const EXTENSION_ID = fakeBrowser.runtime.id;
const EXTENSION = { id: EXTENSION_ID, origin: fakeBrowser.runtime.getURL('/') };
const FEED = 'https://www.linkedin.com/feed/';
const siteSender = (tabId: number, url = FEED): MessageSender => ({
  id: EXTENSION_ID,
  url,
  tab: { id: tabId, url },
});
const POPUP = { id: EXTENSION_ID, url: fakeBrowser.runtime.getURL('/popup.html') };

/** The report a content script sends for the deliberately shifted LinkedIn feed (read once). */
const SHIFTED_REPORT: LayoutReport = (() => {
  const variant = SHIFTED['linkedin-react'];
  const page = loadHtml(shiftedFixture(variant), variant.url);
  const health = layoutHealth(page.document, adapterFor(page.url)!, page.url);
  page.close();
  if (health.problem !== 'no-posts-recognised') throw new Error('the shifted page is not shifted');
  return { problem: health.problem, diagnostic: health.diagnostic };
})();
const shiftedReport = (): LayoutReport => structuredClone(SHIFTED_REPORT);

let layout: LayoutReports;
/** The tab's URL as the browser would answer tabs.get: by default the sender's own. */
let tabUrls: Map<number, string>;

beforeEach(() => {
  fakeBrowser.reset();
  layout = layoutReports(fakeBrowser.storage.session);
  tabUrls = new Map([
    [3, FEED],
    [4, FEED],
  ]);
});

function content() {
  return contentHandlers({} as StoreContext, {
    layout,
    tabUrl: (tabId) => Promise.resolve(tabUrls.get(tabId)),
    form: { openForm: () => Promise.reject(new Error('no form in these tests')) },
    injectReader: () => Promise.reject(new Error('no reader in these tests')),
  });
}
const report = (data: unknown, sender: MessageSender = siteSender(3)) =>
  handleContentMessage('layoutReport', data, sender, EXTENSION_ID, content());
const status = (tabId: unknown, sender: MessageSender = POPUP) =>
  handlePageMessage(
    'layoutStatus',
    { tabId },
    sender,
    EXTENSION,
    // Only the layout store matters to this message; the others are never reached.
    pageHandlers({ store: {} as StoreContext, layout } as unknown as PageDeps),
  );

describe('a report from a content script', () => {
  test('is kept for the sender’s tab and answered to that tab’s popup as the text to copy', async () => {
    const sent = shiftedReport();
    expect(await report(sent)).toEqual({ ok: true, value: null });
    const reply = await status(3);
    expect(reply).toEqual({
      ok: true,
      value: {
        problem: 'no-posts-recognised',
        text: diagnosticText({ ok: false, ...sent }),
      },
    });
    // Another tab has nothing to say.
    expect(await status(4)).toEqual({ ok: true, value: null });
  });

  test('survives a restart of the worker (storage.session), per tab', async () => {
    await report(shiftedReport(), siteSender(3));
    const other = shiftedReport();
    other.problem = 'mostly-partial';
    await report(other, siteSender(4));
    const restarted = layoutReports(fakeBrowser.storage.session);
    expect((await restarted.status(3))?.problem).toBe('no-posts-recognised');
    expect((await restarted.status(4))?.problem).toBe('mostly-partial');
  });

  test('the latest report of a tab replaces the one before', async () => {
    await report(shiftedReport());
    const later = shiftedReport();
    later.problem = 'mostly-partial';
    await report(later);
    expect((await layout.status(3))?.problem).toBe('mostly-partial');
  });

  test('is dropped when the tab has left the page that sent it', async () => {
    tabUrls.set(3, 'https://www.linkedin.com/in/someone-else/');
    expect(await report(shiftedReport())).toEqual({ ok: true, value: null });
    expect(await layout.status(3)).toBeNull();
  });

  test.each([
    ['another extension', { ...siteSender(3), id: 'other-extension' }],
    ['a page that is not a supported site', siteSender(3, 'https://evil.example/feed/')],
    ['an extension page (no tab)', POPUP],
    ['a site frame without a tab id', { id: EXTENSION_ID, url: FEED, tab: { url: FEED } }],
  ])('is refused from %s and kept nowhere', async (_, sender) => {
    const reply = await report(shiftedReport(), sender);
    expect(reply.ok).toBe(false);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});

describe('the report schema (the content script is untrusted)', () => {
  const refused = async (mutate: (r: LayoutReport & Record<string, unknown>) => void) => {
    const data = shiftedReport() as LayoutReport & Record<string, unknown>;
    mutate(data);
    const reply = await report(data);
    expect(reply.ok).toBe(false);
    expect(await layout.status(3)).toBeNull();
    return reply.ok ? '' : reply.error;
  };

  test('refuses a field it does not know, at either level (no text rides along)', async () => {
    await refused((r) => {
      r.text = 'A synthetic post text';
    });
    await refused((r) => {
      (r.diagnostic as unknown as Record<string, unknown>).authorName = 'Priya Lorem';
    });
  });

  test('refuses free text where a word of ours belongs', async () => {
    await refused((r) => {
      r.diagnostic.pageKind = 'Priya Lorem';
    });
    await refused((r) => {
      r.diagnostic.layout = 'x'.repeat(41);
    });
    await refused((r) => {
      r.diagnostic.adapterVersion = '<img src=x onerror=alert(1)>';
    });
    await refused((r) => {
      (r as { problem: string }).problem = 'anything';
    });
  });

  test('refuses counts that are not counts', async () => {
    await refused((r) => {
      r.diagnostic.containers = -1;
    });
    await refused((r) => {
      r.diagnostic.partial = 1.5;
    });
    await refused((r) => {
      r.diagnostic.recognised = 1e9;
    });
    await refused((r) => {
      r.diagnostic.selectorHits = { 'article[data-testid="tweet"]': '3' as unknown as number };
    });
  });

  test('caps the keys of selectorHits and missing, and their length', async () => {
    await refused((r) => {
      r.diagnostic.selectorHits = Object.fromEntries(
        Array.from({ length: 201 }, (_, i) => [`div.s${i}`, 1]),
      );
    });
    await refused((r) => {
      r.diagnostic.selectorHits = { ['a'.repeat(301)]: 1 };
    });
    await refused((r) => {
      r.diagnostic.missing = Object.fromEntries(
        Array.from({ length: 21 }, (_, i) => [`field ${i}`, 1]),
      );
    });
    await refused((r) => {
      r.diagnostic.missing = { ['m'.repeat(61)]: 1 };
    });
    // At the caps it is accepted.
    const data = shiftedReport();
    data.diagnostic.selectorHits = Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => [`div.s${i}`.padEnd(300, 'x'), i]),
    );
    expect((await report(data)).ok).toBe(true);
  });

  test('refuses a huge object by its key count, before reading its keys', async () => {
    const error = await refused((r) => {
      r.diagnostic.selectorHits = Object.fromEntries(
        Array.from({ length: 100_000 }, (_, i) => [`s${i}`, 1]),
      );
    });
    expect(error).toContain('at most 200 entries');
    // One message, not one complaint per key.
    expect(error.length).toBeLessThan(500);
  });
});

describe('the popup’s question', () => {
  test('is refused from a content script', async () => {
    await report(shiftedReport());
    const reply = await status(3, siteSender(3));
    expect(reply.ok).toBe(false);
  });

  test.each([[-1], [1.5], ['3'], [undefined]])('refuses the tab id %s', async (tabId) => {
    expect((await status(tabId)).ok).toBe(false);
  });
});

describe('clearing', () => {
  beforeEach(() => {
    clearOnNavigation(layout, fakeBrowser.tabs, (error) => {
      throw error;
    });
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  test('a new URL in the tab (a SPA navigation too) drops its report, not the others’', async () => {
    const tab = await fakeBrowser.tabs.create({ url: FEED });
    const other = await fakeBrowser.tabs.create({ url: FEED });
    await layout.record(tab.id!, shiftedReport());
    await layout.record(other.id!, shiftedReport());
    await fakeBrowser.tabs.update(tab.id!, { url: 'https://www.linkedin.com/feed/?page=2' });
    await settle();
    expect(await layout.status(tab.id!)).toBeNull();
    expect(await layout.status(other.id!)).not.toBeNull();
  });

  test('a load (a reload, or a page whose URL we may not see) drops it; a finished load does not', async () => {
    const tab = await fakeBrowser.tabs.create({ url: FEED });
    await layout.record(tab.id!, shiftedReport());
    await fakeBrowser.tabs.onUpdated.trigger(tab.id!, { status: 'complete' }, tab);
    await settle();
    expect(await layout.status(tab.id!)).not.toBeNull();
    await fakeBrowser.tabs.onUpdated.trigger(tab.id!, { status: 'loading' }, tab);
    await settle();
    expect(await layout.status(tab.id!)).toBeNull();
  });

  test('closing the tab drops it', async () => {
    await layout.record(9, shiftedReport());
    await fakeBrowser.tabs.onRemoved.trigger(9, { windowId: 0, isWindowClosing: false });
    await settle();
    expect(await layout.status(9)).toBeNull();
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});

test('without storage.session the reports live in memory, with the same behaviour', async () => {
  const memory = layoutReports(undefined);
  await memory.record(5, shiftedReport());
  expect((await memory.status(5))?.problem).toBe('no-posts-recognised');
  await memory.clear(5);
  expect(await memory.status(5)).toBeNull();
  // Something that is not a status (a value another version left) reads as nothing.
  const area = memoryArea();
  await area.set({ 'layout-report:5': { problem: 1 } });
  expect(await layoutReports(area).status(5)).toBeNull();
});
