/**
 * The recognition endpoint as saved by the options page. It holds secrets (token, signing secret,
 * custom header values), so it lives in the extension-origin database, which content scripts and
 * pages cannot open, and not in storage.local, which content scripts can read. The UI only ever
 * gets `EndpointSummary`, which says whether a secret is set but never what it is.
 */
import { z } from 'zod';
import type { SourcedDatabase } from './db/database';
import { ENDPOINT_KEY } from './db/settings-keys';
import {
  EndpointConfigSchema,
  ENDPOINT_FORMATS,
  parseEndpointConfig,
  type EndpointConfig,
  type EndpointIssue,
} from './delivery/endpoint-config';

const KEY = ENDPOINT_KEY;

const StoredEndpointSchema = z.object({
  config: EndpointConfigSchema,
  savedAt: z.iso.datetime(),
});

export interface EndpointSummary {
  url: string;
  format: (typeof ENDPOINT_FORMATS)[number];
  tokenSet: boolean;
  signingSecretSet: boolean;
  /** Custom header names; their values are treated as secrets. */
  headerNames: string[];
  savedAt: string;
}

/** What the options page submits. For a secret, `undefined` keeps the saved one, '' clears it. */
export interface EndpointInput {
  url: string;
  format: EndpointSummary['format'];
  token?: string;
  signingSecret?: string;
  /** A header whose value is undefined keeps the saved value of the header of that name. */
  headers: { name: string; value?: string }[];
}

/** The full configuration, secrets included: for the background's deliveries only. */
export async function loadEndpoint(db: SourcedDatabase): Promise<EndpointConfig | undefined> {
  const row = await db.settings.get(KEY);
  const parsed = StoredEndpointSchema.safeParse(row?.value);
  return parsed.success ? parsed.data.config : undefined;
}

/** When the endpoint settings were last saved (to tell whether they changed meanwhile). */
export async function endpointSavedAt(db: SourcedDatabase): Promise<string | undefined> {
  const parsed = StoredEndpointSchema.safeParse((await db.settings.get(KEY))?.value);
  return parsed.success ? parsed.data.savedAt : undefined;
}

export function summariseEndpoint(config: EndpointConfig, savedAt: string): EndpointSummary {
  return {
    url: config.url,
    format: config.format,
    tokenSet: config.token !== undefined,
    signingSecretSet: config.signingSecret !== undefined,
    headerNames: config.headers.map((h) => h.name),
    savedAt,
  };
}

export async function endpointSummary(db: SourcedDatabase): Promise<EndpointSummary | undefined> {
  const row = await db.settings.get(KEY);
  const parsed = StoredEndpointSchema.safeParse(row?.value);
  return parsed.success ? summariseEndpoint(parsed.data.config, parsed.data.savedAt) : undefined;
}

/**
 * Validate and save; on a refusal nothing is written and every problem is returned with its
 * field, so the form can show each reason next to its input.
 */
export async function saveEndpoint(
  db: SourcedDatabase,
  input: EndpointInput,
  now = new Date(),
): Promise<
  | { ok: true; value: EndpointSummary; config: EndpointConfig }
  | { ok: false; error: string; issues: EndpointIssue[] }
> {
  const previous = await loadEndpoint(db);
  const keep = <T>(value: T | undefined, saved: T | undefined) =>
    value === undefined ? saved : value;
  const candidate = {
    url: input.url,
    format: input.format,
    token: keep(input.token, previous?.token),
    signingSecret: keep(input.signingSecret, previous?.signingSecret),
    headers: input.headers.map((header) => ({
      name: header.name,
      value:
        header.value ??
        previous?.headers.find((h) => h.name.toLowerCase() === header.name.trim().toLowerCase())
          ?.value ??
        '',
    })),
  };
  const parsed = parseEndpointConfig(candidate);
  if (!parsed.ok) return parsed;
  const savedAt = now.toISOString();
  await db.settings.put({ key: KEY, value: { config: parsed.value, savedAt } });
  return { ok: true, value: summariseEndpoint(parsed.value, savedAt), config: parsed.value };
}
