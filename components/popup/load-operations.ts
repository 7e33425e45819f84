/** The popup's operations module, loaded once, after the first screen (it carries Zod). */
import { useEffect, useState } from 'preact/hooks';

export type Operations = typeof import('../../lib/popup-operations');

let loading: Promise<Operations> | undefined;

export function loadOperations(): Promise<Operations> {
  // Zod must be jitless before any schema is built (see lib/zod-jitless.ts): its chunk runs
  // first, then the one whose modules build schemas.
  loading ??= import('../../lib/zod-jitless').then(() => import('../../lib/popup-operations'));
  return loading;
}

/**
 * The operations, once the list has shown its first screen (or after `fallbackMs`): until then
 * the list has the database and the main thread to itself.
 */
export function useOperations(listShown: Promise<void>, fallbackMs = 300): Operations | undefined {
  const [ops, setOps] = useState<Operations | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const later = new Promise<void>((resolve) => setTimeout(resolve, fallbackMs));
    void Promise.race([listShown, later])
      .then(loadOperations)
      .then((loaded) => live && setOps(() => loaded));
    return () => {
      live = false;
    };
  }, []);
  return ops;
}
