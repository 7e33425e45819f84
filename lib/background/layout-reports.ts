/**
 * The latest layout problem each tab's content script reported (lib/sites/layout-health.ts), for
 * the popup of that tab. A report lives as long as the page it describes: it is dropped when the
 * tab navigates, reloads or closes.
 *
 * MV3's service worker may be stopped between the report and the popup, so reports are kept in
 * `storage.session` (memory of the browser, never written to disk, readable by the extension's
 * own contexts only) where the browser has it, else in the worker's memory.
 */
import type { LayoutReport, LayoutStatus } from '../messages';
import { diagnosticText } from '../sites/layout-health';

/** The part of `browser.storage.session` used here. */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

/** The fallback where `storage.session` is missing: lost with the background, like a session. */
export function memoryArea(): SessionArea {
  const items = new Map<string, unknown>();
  return {
    get: (key) => Promise.resolve(items.has(key) ? { [key]: items.get(key) } : {}),
    set: (values) => {
      for (const [key, value] of Object.entries(values)) items.set(key, value);
      return Promise.resolve();
    },
    remove: (key) => {
      items.delete(key);
      return Promise.resolve();
    },
  };
}

const keyOf = (tabId: number) => `layout-report:${tabId}`;

function isStatus(value: unknown): value is LayoutStatus {
  const status = value as Partial<LayoutStatus> | undefined;
  return typeof status?.problem === 'string' && typeof status.text === 'string';
}

export interface LayoutReports {
  /** Keep `report` as the tab's latest (a checked report: see LayoutReportRequestSchema). */
  record(tabId: number, report: LayoutReport): Promise<void>;
  status(tabId: number): Promise<LayoutStatus | null>;
  clear(tabId: number): Promise<void>;
}

export function layoutReports(area: SessionArea = memoryArea()): LayoutReports {
  return {
    record: (tabId, report) =>
      area.set({
        [keyOf(tabId)]: {
          problem: report.problem,
          // The text the user copies, built here from the checked data: one format everywhere.
          text: diagnosticText({ ok: false, ...report }),
        } satisfies LayoutStatus,
      }),
    status: async (tabId) => {
      const value = (await area.get(keyOf(tabId)))[keyOf(tabId)];
      return isStatus(value) ? value : null;
    },
    clear: (tabId) => area.remove(keyOf(tabId)),
  };
}

/** The tab events that end a page (the part of `browser.tabs` used here). */
export interface TabEvents {
  onUpdated: {
    addListener(listener: (tabId: number, change: { url?: string; status?: string }) => void): void;
  };
  onRemoved: { addListener(listener: (tabId: number) => void): void };
}

/**
 * Drop a tab's report when its page ends: a new URL (a SPA navigation included), a load (a reload
 * or a navigation to a page whose URL we may not see) or the tab closed. The content script checks
 * the new page again and reports what it finds.
 */
export function clearOnNavigation(
  reports: LayoutReports,
  tabs: TabEvents,
  onError: (error: unknown) => void,
): void {
  const clear = (tabId: number) => void reports.clear(tabId).catch(onError);
  tabs.onUpdated.addListener((tabId, change) => {
    if (change.url !== undefined || change.status === 'loading') clear(tabId);
  });
  tabs.onRemoved.addListener(clear);
}
