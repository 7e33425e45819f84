/** The options page's "Send a test": one signed test event to the saved endpoint, explained. */
import type { SourcedDatabase } from '../db/database';
import { effectiveEndpoint } from '../settings/effective';
import type { EndpointTestResult } from '../messages';
import { redactUrl } from '../sync-log';
import { logError, sendClassified } from './attempt';
import { secretValues } from './endpoint-config';
import { buildTestRequest } from './request';

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
  const answer = await sendClassified(request, {
    secrets,
    now: () => at,
    timeoutMs: deps.timeoutMs,
    fetch: deps.fetch,
  });
  const { classification } = answer;
  const result: EndpointTestResult = {
    status: answer.status,
    ok: classification.kind === 'delivered',
    summary:
      classification.kind === 'delivered' ? `delivered (${answer.status})` : classification.reason,
    durationMs: answer.durationMs,
    at: at.toISOString(),
    excerpt: answer.excerpt,
  };
  await deps.db.syncLog.add({
    at: result.at,
    eventId: request.eventId,
    url: redactUrl(config.url),
    status: result.status,
    result: 'test',
    durationMs: result.durationMs,
    error: result.ok ? undefined : logError(result.summary, result.excerpt, secrets),
  });
  return result;
}
