/**
 * The one button that lets Sourced deliver to the endpoint the organisation set. Chrome grants a
 * host permission only on a user gesture, so policy alone cannot: until this is pressed, captures
 * wait in the queue. Shown in the popup and the options page while the permission is missing.
 */
import { useEffect, useState } from 'preact/hooks';
import { originPattern } from '../lib/delivery/endpoint-config';

export interface OriginAccess {
  has(pattern: string): Promise<boolean>;
  /** Must be called synchronously from the click handler (the request needs its gesture). */
  request(pattern: string): Promise<boolean>;
}

/** Whether Sourced may reach `url` now; re-checked whenever `url` changes and after a grant. */
export function useOriginGranted(
  access: OriginAccess | undefined,
  url: string | undefined,
): [boolean | undefined, (granted: boolean) => void] {
  const [granted, setGranted] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    if (!access || !url) return setGranted(undefined);
    let live = true;
    let pattern: string;
    try {
      pattern = originPattern(url);
    } catch {
      return setGranted(undefined);
    }
    access.has(pattern).then(
      (value) => live && setGranted(value),
      () => live && setGranted(undefined),
    );
    return () => {
      live = false;
    };
  }, [access, url]);
  return [granted, setGranted];
}

export function EndpointAllow({
  url,
  access,
  onGranted,
  compact = false,
}: {
  /** The organisation's endpoint URL (from policy). */
  url: string;
  access: OriginAccess;
  onGranted: () => void;
  compact?: boolean;
}) {
  const [granted, setGranted] = useOriginGranted(access, url);
  const [refused, setRefused] = useState(false);
  if (granted !== false) return null;
  const host = new URL(url).host;

  function allow() {
    setRefused(false);
    // No await before the request: the click's user gesture must still be current.
    access.request(originPattern(url)).then(
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
