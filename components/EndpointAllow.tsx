/**
 * The one button that lets Sourced deliver to the endpoint the organisation set. Chrome grants a
 * host permission only on a user gesture, so policy alone cannot: until this is pressed, captures
 * wait in the queue. Shown in the popup and the options page while the permission is missing.
 */
import { useEffect, useState } from 'preact/hooks';

export interface OriginAccess {
  has(pattern: string): Promise<boolean>;
  /** Must be called synchronously from the click handler (the request needs its gesture). */
  request(pattern: string): Promise<boolean>;
}

/** Whether Sourced may reach `pattern` now; re-checked whenever it changes and after a grant. */
export function useOriginGranted(
  access: OriginAccess | undefined,
  pattern: string | undefined,
): [boolean | undefined, (granted: boolean) => void] {
  const [granted, setGranted] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    if (!access || !pattern) return setGranted(undefined);
    let live = true;
    access.has(pattern).then(
      (value) => live && setGranted(value),
      () => live && setGranted(undefined),
    );
    return () => {
      live = false;
    };
  }, [access, pattern]);
  return [granted, setGranted];
}

export function EndpointAllow({
  url,
  pattern,
  access,
  onGranted,
  compact = false,
}: {
  /** The organisation's endpoint URL (from policy). */
  url: string;
  /**
   * Its origin's match pattern (originPattern of lib/delivery/endpoint-config.ts), computed by
   * the caller: that module carries Zod, which the popup's first screen does without.
   */
  pattern: string;
  access: OriginAccess;
  onGranted: () => void;
  compact?: boolean;
}) {
  const [granted, setGranted] = useOriginGranted(access, pattern);
  const [refused, setRefused] = useState(false);
  if (granted !== false) return null;
  const host = new URL(url).host;

  function allow() {
    setRefused(false);
    // No await before the request: the click's user gesture must still be current.
    access.request(pattern).then(
      (ok) => {
        setGranted(ok);
        setRefused(!ok);
        if (ok) onGranted();
      },
      () => setRefused(true),
    );
  }

  return (
    <div
      class={`endpoint-allow${compact ? ' compact' : ''}`}
      role="region"
      aria-label="Delivery permission"
    >
      <p>
        Your organisation set the endpoint <strong>{host}</strong>. Sourced needs your permission to
        send captures there; until then, submitted captures wait in this browser.
      </p>
      <button type="button" class="primary" data-testid="endpoint-allow" onClick={allow}>
        Allow delivery to {host}
      </button>
      {refused ? (
        <p class="error" role="alert">
          The browser did not grant access to {host}; captures keep waiting. Press the button again
          and choose Allow.
        </p>
      ) : null}
    </div>
  );
}
