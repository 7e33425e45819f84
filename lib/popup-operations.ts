/**
 * What the popup reads beyond its list: delivery state, the endpoint summary and the identity.
 * These modules carry Zod and the settings storage, so the popup loads this one after its first
 * screen (see components/popup/load-operations.ts). Changes go to the background instead.
 */
export { readDeliveryState } from './delivery/delivery-state';
export { endpointSummary } from './endpoint-settings';
export { identityItem, IdentitySchema, readIdentity } from './settings';
