/**
 * Everything the popup does beyond showing its list: changes to captures, delivery state, the
 * endpoint summary and the identity. These modules carry Zod and the settings storage, so the
 * popup loads this one after its first screen (see loadOperations in PopupApp).
 */
import { browser } from 'wxt/browser';
import type { StoreContext } from '../../lib/capture-store';
import { readIdentity, readPrivacy } from '../../lib/settings';
import type { PopupServices } from './services';

export {
  deleteCapture,
  editOutcome,
  restoreCapture,
  submit,
  submitAllDrafts,
  withdraw,
} from '../../lib/capture-store';
export { readDeliveryState } from '../../lib/delivery/delivery-state';
export { endpointSummary } from '../../lib/endpoint-settings';
export { plainError } from '../../lib/errors';
export { identityItem, IdentitySchema, readIdentity } from '../../lib/settings';

export function storeContext(services: PopupServices): StoreContext {
  return {
    db: services.db,
    identity: readIdentity,
    privacy: readPrivacy,
    clientVersion: services.clientVersion ?? browser.runtime.getManifest().version,
    now: services.now,
  };
}
