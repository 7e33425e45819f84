/** The user's identity (WXT storage), followed live: the setup hint goes once it is filled in. */
import { useEffect, useState } from 'preact/hooks';
import type { Identity } from '../../lib/settings';
import type { Operations } from './load-operations';

export function useIdentity(ops: Operations | undefined): Identity | undefined {
  const [identity, setIdentity] = useState<Identity | undefined>(undefined);
  useEffect(() => {
    if (!ops) return;
    let live = true;
    void ops.readIdentity().then((value) => live && setIdentity(value));
    const unwatch = ops.identityItem.watch((value) => {
      const parsed = ops.IdentitySchema.safeParse(value);
      setIdentity(parsed.success ? parsed.data : {});
    });
    return () => {
      live = false;
      unwatch();
    };
  }, [ops]);
  return identity;
}

/** Enough to credit a win to someone. */
export function identitySet(identity: Identity): boolean {
  return Boolean(identity.name || identity.email || identity.employeeId);
}
