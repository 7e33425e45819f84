/** Whether the identity in effect credits a win to someone (the setup hint goes once it does). */
import type { Identity } from '../../lib/settings';

/** Enough to credit a win to someone. */
export function identitySet(identity: Identity): boolean {
  return Boolean(identity.name || identity.email || identity.employeeId);
}
