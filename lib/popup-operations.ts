/**
 * Everything the popup does beyond showing its list: changes to captures, delivery state, the
 * endpoint summary and the identity. These modules carry Zod and the settings storage, so the
 * popup loads this one after its first screen (see components/popup/load-operations.ts).
 */
import { browser } from 'wxt/browser';
import type { StoreContext } from './capture-store';
import type { SourcedDatabase } from './db/database';
import { readIdentity, readPrivacy } from './settings';

export {
  deleteCapture,
  editOutcome,
  restoreCapture,
  submit,
  submitAllDrafts,
  withdraw,
} from './capture-store';
export { readDeliveryState } from './delivery/delivery-state';
export { snoozeFollowup, updateStage } from './followup/actions';
export { endpointSummary } from './endpoint-settings';
export { plainError } from './errors';
export { identityItem, IdentitySchema, readIdentity } from './settings';

/** What the popup's services give the store (components/popup/services.ts). */
export interface PopupStoreDeps {
  db: SourcedDatabase;
  clientVersion?: string;
  now: () => Date;
}

export function storeContext(services: PopupStoreDeps): StoreContext {
  return {
    db: services.db,
    identity: readIdentity,
    privacy: readPrivacy,
    clientVersion: services.clientVersion ?? browser.runtime.getManifest().version,
    now: services.now,
  };
}
