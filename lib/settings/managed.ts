/**
 * Settings an organisation gives through browser management (shared design: managed-config.md):
 * `storage.managed`, which Chrome and Edge fill from policy as described by
 * public/managed_schema.json, and Firefox from the `3rdparty` → `Extensions` → <add-on id>
 * section of its enterprise policies.
 *
 * A policy is input like any other: every key is checked here, and a key of the wrong type or an
 * invalid value is ignored with a notice that names the key (never its value, which may be a
 * secret). The endpoint keys apply together or not at all: half an endpoint (the organisation's
 * token with a URL the employee typed, say) would send one party's credentials to another.
 */
import { browser } from 'wxt/browser';
import { LIMITS } from '../capture-constants';
import {
  ENDPOINT_FORMATS,
  parseEndpointConfig,
  type EndpointConfig,
} from '../delivery/endpoint-config';
import { MAX_EXCERPT_LENGTH } from '../settings';

export const MANAGED_KEYS = [
  'endpointUrl',
  'endpointFormat',
  'endpointToken',
  'endpointSigningSecret',
  'endpointHeaders',
  'teams',
  'employeeEmailDomain',
  'privacyExcerptLength',
  'privacyAuthorNames',
  'lockSettings',
] as const;
export type ManagedKey = (typeof MANAGED_KEYS)[number];

const ENDPOINT_KEYS = [
  'endpointUrl',
  'endpointFormat',
  'endpointToken',
  'endpointSigningSecret',
  'endpointHeaders',
] as const satisfies readonly ManagedKey[];

export interface ManagedNotice {
  /** The policy key the notice is about, as the administrator wrote it. */
  key: string;
  message: string;
}

/** A policy after checking: only what is valid, and why the rest was ignored. */
export interface ManagedPolicy {
  /** The organisation's endpoint, complete and valid, or none. */
  endpoint?: EndpointConfig;
  teams?: string[];
  /** Lower case, without a leading "@". */
  emailDomain?: string;
  excerptLength?: number;
  keepAuthorNames?: boolean;
  /** true (the default): every value the policy gives is read-only; false: they are defaults. */
  lock: boolean;
  /** The keys whose values are in effect, in MANAGED_KEYS order. */
  applied: ManagedKey[];
  notices: ManagedNotice[];
}

export const NO_POLICY: ManagedPolicy = { lock: true, applied: [], notices: [] };

/** A host name of at least two labels, as in `example.com` or `eu.example.co.uk`. */
const DOMAIN =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const MAX_TEAMS = 500;

const ISSUE_KEYS: Record<string, (typeof ENDPOINT_KEYS)[number]> = {
  url: 'endpointUrl',
  format: 'endpointFormat',
  token: 'endpointToken',
  signingSecret: 'endpointSigningSecret',
  headers: 'endpointHeaders',
};

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Check a raw policy (whatever storage.managed returned). Never throws. */
export function parseManagedPolicy(raw: unknown): ManagedPolicy {
  if (raw === undefined || raw === null) return NO_POLICY;
  if (!isPlainObject(raw)) {
    return {
      ...NO_POLICY,
      notices: [
        { key: '(policy)', message: 'The policy is not an object of settings; it is ignored.' },
      ],
    };
  }
  const policy: ManagedPolicy = { lock: true, applied: [], notices: [] };
  const notice = (key: string, message: string) => policy.notices.push({ key, message });
  const wrongType = (key: string, expected: string) =>
    notice(key, `${key} must be ${expected}, not ${typeName(raw[key])}; it is ignored.`);
  const has = (key: ManagedKey) => raw[key] !== undefined;

  for (const key of Object.keys(raw)) {
    if (!(MANAGED_KEYS as readonly string[]).includes(key)) {
      notice(key, `${key} is not a Sourced setting; it is ignored.`);
    }
  }

  if (has('lockSettings')) {
    if (typeof raw.lockSettings === 'boolean') policy.lock = raw.lockSettings;
    // Stay locked: an administrator who meant to lock and mistyped must not end up unlocked.
    else wrongType('lockSettings', 'true or false (settings stay locked)');
  }

  parseEndpoint(raw, policy, notice, wrongType);

  if (has('teams')) {
    const teams = raw.teams;
    if (!Array.isArray(teams) || teams.some((t) => typeof t !== 'string')) {
      wrongType('teams', 'a list of team names');
    } else {
      const names = [...new Set(teams.map((t: string) => t.trim()).filter((t) => t !== ''))];
      if (names.length === 0) notice('teams', 'teams lists no team name; it is ignored.');
      else if (names.length > MAX_TEAMS)
        notice('teams', `teams lists more than ${MAX_TEAMS} names; it is ignored.`);
      else if (names.some((t) => t.length > LIMITS.team)) {
        notice(
          'teams',
          `A team name in teams is longer than ${LIMITS.team} characters; teams is ignored.`,
        );
      } else policy.teams = names;
    }
  }

  if (has('employeeEmailDomain')) {
    const value = raw.employeeEmailDomain;
    if (typeof value !== 'string')
      wrongType('employeeEmailDomain', 'a domain name such as example.com');
    else {
      const domain = value.trim().replace(/^@/, '').toLowerCase();
      if (DOMAIN.test(domain)) policy.emailDomain = domain;
      else
        notice(
          'employeeEmailDomain',
          'employeeEmailDomain is not a domain name such as example.com; it is ignored.',
        );
    }
  }

  if (has('privacyExcerptLength')) {
    const value = raw.privacyExcerptLength;
    if (typeof value !== 'number')
      wrongType('privacyExcerptLength', `a whole number from 0 to ${MAX_EXCERPT_LENGTH}`);
    else if (!Number.isInteger(value) || value < 0 || value > MAX_EXCERPT_LENGTH) {
      notice(
        'privacyExcerptLength',
        `privacyExcerptLength must be a whole number from 0 to ${MAX_EXCERPT_LENGTH}; it is ignored.`,
      );
    } else policy.excerptLength = value;
  }

  if (has('privacyAuthorNames')) {
    if (typeof raw.privacyAuthorNames === 'boolean')
      policy.keepAuthorNames = raw.privacyAuthorNames;
    else wrongType('privacyAuthorNames', 'true or false');
  }

  const inEffect: Record<ManagedKey, boolean> = {
    endpointUrl: policy.endpoint !== undefined,
    endpointFormat: policy.endpoint !== undefined && has('endpointFormat'),
    endpointToken: policy.endpoint?.token !== undefined,
    endpointSigningSecret: policy.endpoint?.signingSecret !== undefined,
    endpointHeaders: (policy.endpoint?.headers.length ?? 0) > 0,
    teams: policy.teams !== undefined,
    employeeEmailDomain: policy.emailDomain !== undefined,
    privacyExcerptLength: policy.excerptLength !== undefined,
    privacyAuthorNames: policy.keepAuthorNames !== undefined,
    lockSettings: has('lockSettings') && typeof raw.lockSettings === 'boolean',
  };
  policy.applied = MANAGED_KEYS.filter((key) => inEffect[key]);
  return policy;
}

function parseEndpoint(
  raw: Record<string, unknown>,
  policy: ManagedPolicy,
  notice: (key: string, message: string) => void,
  wrongType: (key: string, expected: string) => void,
): void {
  const given = ENDPOINT_KEYS.filter((key) => raw[key] !== undefined);
  if (given.length === 0) return;
  if (raw.endpointUrl === undefined) {
    for (const key of given) {
      notice(
        key,
        `${key} is ignored: the policy sets no endpointUrl, and Sourced never sends the organisation’s credentials to an endpoint chosen in the browser.`,
      );
    }
    return;
  }
  const bad = new Set<string>();
  const string = (key: (typeof ENDPOINT_KEYS)[number]) => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value;
    wrongType(key, 'a string');
    bad.add(key);
    return undefined;
  };
  const url = string('endpointUrl');
  const format = string('endpointFormat');
  const token = string('endpointToken');
  const signingSecret = string('endpointSigningSecret');
  let headers: { name: string; value: string }[] = [];
  if (raw.endpointHeaders !== undefined) {
    const value = raw.endpointHeaders;
    if (!isPlainObject(value) || Object.values(value).some((v) => typeof v !== 'string')) {
      wrongType('endpointHeaders', 'an object of header names and text values');
      bad.add('endpointHeaders');
    } else headers = Object.entries(value).map(([name, v]) => ({ name, value: v as string }));
  }
  if (format !== undefined && !(ENDPOINT_FORMATS as readonly string[]).includes(format)) {
    notice('endpointFormat', `endpointFormat must be one of ${ENDPOINT_FORMATS.join(', ')}.`);
    bad.add('endpointFormat');
  }
  if (bad.size === 0) {
    const parsed = parseEndpointConfig({
      url,
      format: format ?? 'sourced.v1',
      token,
      signingSecret,
      headers,
    });
    if (parsed.ok) {
      policy.endpoint = parsed.value;
      return;
    }
    // The messages never quote a value (lib/delivery/endpoint-config.ts).
    for (const issue of parsed.issues) {
      const key = ISSUE_KEYS[issue.path.split('.')[0] ?? ''] ?? 'endpointUrl';
      notice(key, `${key}: ${issue.message}`);
      bad.add(key);
    }
  }
  notice(
    [...bad].join(', '),
    `The organisation’s endpoint is not applied (its URL, format and secrets apply together or not at all): fix ${[...bad].join(', ')} in the policy.`,
  );
}

/** What storage.managed holds now: `{}` when there is no policy (Firefox then refuses the read). */
export async function readManagedStorage(): Promise<unknown> {
  try {
    return (await browser.storage.managed.get()) ?? {};
  } catch {
    // Firefox: "Managed storage manifest not found" without a policy for this add-on; Chrome
    // without a schema. Either way there is no policy.
    return {};
  }
}

export async function readManagedPolicy(): Promise<ManagedPolicy> {
  return parseManagedPolicy(await readManagedStorage());
}

/** Call `listener` whenever the organisation's policy changes (no restart needed). */
export function onManagedPolicyChange(listener: () => void): () => void {
  const handler = (_changes: unknown, area: string) => {
    if (area === 'managed') listener();
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
