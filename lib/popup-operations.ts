/**
 * What the popup reads beyond its list: delivery state and the settings in effect (the
 * employee's merged with the organisation's policy). These modules carry Zod, so the popup loads
 * this one after its first screen (see components/popup/load-operations.ts). Changes go to the
 * background instead.
 */
import { browser } from 'wxt/browser';

export { readDeliveryState } from './delivery/delivery-state';
export { originPattern } from './delivery/endpoint-config';
export { readEffectiveSettings } from './settings/effective';
export { onManagedPolicyChange } from './settings/managed';

/** Host permissions for the organisation's endpoint (the `endpoint-allow` button). */
export const origins = {
  has: (pattern: string) => browser.permissions.contains({ origins: [pattern] }),
  request: (pattern: string) => browser.permissions.request({ origins: [pattern] }),
};
