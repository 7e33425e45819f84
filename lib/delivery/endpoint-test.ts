/** The options page's "Send a test": one signed test event to the saved endpoint, explained. */
import type { SourcedDatabase } from '../db/database';
import { effectiveEndpoint } from '../settings/effective';
import type { EndpointTestResult } from '../messages';
import { redactUrl } from '../sync-log';
import { redactSecrets, secretValues } from './endpoint-config';
import { deliver, DEFAULT_TIMEOUT_MS } from './fetch-with-timeout';
import { buildTestRequest } from './request';
import { classifyNetworkError, classifyResponse, errorExcerpt } from './response';

export class NoEndpointError extends Error {
  override name = 'NoEndpointError';
  constructor() {
    super('Save an endpoint first, then send a test.');
  }
}

export async function sendTestDelivery(deps: {
  db: SourcedDatabase;
  clientVersion: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  now?: () => Date;
}): Promise<EndpointTestResult> {
  const config = (await effectiveEndpoint(deps.db))?.config;
  if (!config) throw new NoEndpointError();
  const secrets = secretValues(config);
  const at = deps.now?.() ?? new Date();
  const request = await buildTestRequest(config, at, { clientVersion: deps.clientVersion });
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let result: EndpointTestResult;
  try {
    const response = await deliver(request, { timeoutMs, fetch: deps.fetch });
    const classification = classifyResponse(response, at, secrets);
    const delivered = classification.kind === 'delivered';
    result = {
      status: response.status,
      ok: delivered,
      summary: delivered ? `delivered (${response.status})` : classification.reason,
      durationMs: response.durationMs,
      at: at.toISOString(),
      excerpt: errorExcerpt(response.bodyText, secrets) || undefined,
    };
  } catch (error) {
    result = {
      status: 0,
      ok: false,
      summary: classifyNetworkError(error, timeoutMs).reason,
      durationMs: (error as { durationMs?: number }).durationMs ?? 0,
      at: at.toISOString(),
    };
  }
  await deps.db.syncLog.add({
    at: result.at,
    eventId: request.eventId,
    url: redactUrl(config.url),
    status: result.status,
    result: 'test',
    durationMs: result.durationMs,
    error: result.ok
      ? undefined
      : redactSecrets(
          `${result.summary}${result.excerpt ? ` — ${result.excerpt}` : ''}`,
          secrets,
        ).slice(0, 300),
  });
  return result;
}
