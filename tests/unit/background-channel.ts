/**
 * The background as the extension's pages reach it, for component tests: the real page handlers
 * over the test's database, behind the real sender check, schemas and dispatch of
 * lib/background/page-handlers.ts. Only the wire is left out (the fake browser's runtime cannot
 * carry the messenger's callbacks); the outbox and the badge are recorded, not run.
 */
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { layoutReports } from '../../lib/background/layout-reports';
import { handlePageMessage, pageHandlers, type PageDeps } from '../../lib/background/page-handlers';
import type { SourcedDatabase } from '../../lib/db/database';
import { sendTestDelivery } from '../../lib/delivery/endpoint-test';
import { endpointSettingsChanged } from '../../lib/delivery/outbox';
import type { SyncRunSummary } from '../../lib/messages';
import type { PageSend } from '../../lib/messaging/page';
import { effectiveIdentity, effectivePrivacy } from '../../lib/settings/effective';

export const IDLE: SyncRunSummary = { outcome: 'idle', delivered: 0, retried: 0, failed: 0 };

export function backgroundChannel(db: SourcedDatabase, options: { now?: () => Date } = {}) {
  const deps = {
    store: {
      db,
      identity: () => effectiveIdentity(db),
      privacy: () => effectivePrivacy(db),
      clientVersion: '0.1.0',
      now: options.now,
    },
    deliverNow: vi.fn<PageDeps['deliverNow']>(async () => IDLE),
    capturesWritten: vi.fn<PageDeps['capturesWritten']>(),
    endpointChanged: vi.fn<PageDeps['endpointChanged']>(() => endpointSettingsChanged(db)),
    testDelivery: vi.fn<PageDeps['testDelivery']>(() =>
      sendTestDelivery({ db, clientVersion: '0.1.0' }),
    ),
    layout: layoutReports(),
  } satisfies PageDeps;
  const handlers = pageHandlers(deps);
  const extension = { id: fakeBrowser.runtime.id, origin: fakeBrowser.runtime.getURL('/') };
  // What the browser says of a message from the extension's own page.
  const sender = { id: extension.id, url: fakeBrowser.runtime.getURL('/options.html') };
  /** Every message sent, in order. */
  const sent: string[] = [];
  const send: PageSend = (type, data) => {
    sent.push(type);
    return handlePageMessage(type, data, sender, extension, handlers);
  };
  return { deps, send, sent };
}
