/** Keys of the settings table (lib/db/database.ts). Kept apart so the migrations stay Zod-free. */
export const ENDPOINT_KEY = 'endpoint';
export const IDENTITY_KEY = 'identity';
export const PRIVACY_KEY = 'privacy';
