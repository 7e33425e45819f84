/**
 * Which status URL the extension may ask. The bearer token and custom headers of the endpoint go
 * with every request to it, so the URL must be on the endpoint's own origin (same scheme, host
 * and port) and http(s): a receipt cannot send those credentials anywhere else. Only `sourced.v1`
 * endpoints speak v1.1; Slack and Teams never get asked anything.
 */
import { httpUrl } from '../url';
import type { EndpointConfig } from '../delivery/endpoint-config';

export function sameOrigin(url: string, endpointUrl: string): boolean {
  const a = httpUrl(url);
  const b = httpUrl(endpointUrl);
  return a !== undefined && b !== undefined && a.origin === b.origin;
}

/** `status` when the endpoint `config` may be asked it, else undefined. */
export function allowedStatusUrl(
  status: string | undefined,
  config: Pick<EndpointConfig, 'url' | 'format'>,
): string | undefined {
  if (!status || config.format !== 'sourced.v1') return undefined;
  return sameOrigin(status, config.url) ? status : undefined;
}
