/**
 * Everything the popup does beyond showing its list: changes to captures, delivery state, the
 * endpoint summary and the identity. These modules carry Zod and the settings storage, so the
 * popup loads this one after its first screen (see components/popup/load-operations.ts).
 */
import { browser } from 'wxt/browser';
import type { StoreContext } from './capture-store';
import type { SourcedDatabase } from './db/database';
import { effectiveIdentity, effectivePrivacy } from './settings/effective';

export {
  deleteCapture,
  editOutcome,
  restoreCapture,
  submit,
  submitAllDrafts,
  withdraw,
} from './capture-store';
export { readDeliveryState } from './delivery/delivery-state';
export { originPattern } from './delivery/endpoint-config';
export { readEffectiveSettings } from './settings/effective';
export { onManagedPolicyChange } from './settings/managed';
export { plainError } from './errors';

/** Host permissions for the organisation's endpoint (the `endpoint-allow` button). */
export const origins = {
  has: (pattern: string) => browser.permissions.contains({ origins: [pattern] }),
  request: (pattern: string) => browser.permissions.request({ origins: [pattern] }),
};

/** What the popup's services give the store (components/popup/services.ts). */
export interface PopupStoreDeps {
  db: SourcedDatabase;
  clientVersion?: string;
  now: () => Date;
}

export function storeContext(services: PopupStoreDeps): StoreContext {
  return {
    db: services.db,
    identity: () => effectiveIdentity(services.db),
    privacy: () => effectivePrivacy(services.db),
    clientVersion: services.clientVersion ?? browser.runtime.getManifest().version,
    now: services.now,
  };
}
