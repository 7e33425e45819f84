/**
 * The settings in effect: what the employee saved merged with what the organisation's policy
 * gives (lib/settings/managed.ts). Every reader (captures, delivery, test delivery, export, the
 * popup and the options page) asks here and never where a value came from.
 *
 * Rules (shared design: managed-config.md): while `lockSettings` is true (the default) a policy
 * value wins and the employee's own value is kept underneath, so it comes back when the policy
 * drops the key; while false, policy values are defaults that a saved value of the employee
 * replaces. The endpoint is one unit: the organisation's URL never travels with the employee's
 * secrets, nor the other way round.
 */
import type { SourcedDatabase } from '../db/database';
import type { EndpointConfig } from '../delivery/endpoint-config';
import {
  endpointSavedAt,
  loadEndpoint,
  summariseEndpoint,
  type EndpointSummary,
} from '../endpoint-settings';
import {
  DEFAULT_PRIVACY,
  readLocalIdentity,
  readLocalPrivacy,
  type Identity,
  type Privacy,
} from '../settings';
import { NO_POLICY, readManagedPolicy, type ManagedPolicy } from './managed';

export type SettingSource = 'policy' | 'local' | 'default';

export interface EffectiveEndpoint {
  config: EndpointConfig;
  source: 'policy' | 'local';
  /**
   * Changes whenever the endpoint changes (a save, a new policy): the outbox checks it before
   * pausing on a refusal that may concern settings replaced meanwhile. Holds no secret.
   */
  version: string;
}

/** What the employee may not change, and the organisation's rules for the identity. */
export interface OrganisationRules {
  /** The policy's values are read-only (lockSettings, default true). */
  lock: boolean;
  endpoint: boolean;
  excerptLength: boolean;
  keepAuthorNames: boolean;
  /** When locked, the team must be one of these; when not, they are suggestions. */
  teams?: string[];
  /** When locked, an email of another domain is refused. */
  emailDomain?: string;
}

export interface EffectiveSettings {
  identity: Identity;
  privacy: Privacy;
  endpoint?: EffectiveEndpoint;
  /** The endpoint for display: whether secrets are set, never what they are. */
  endpointSummary?: EndpointSummary & { source: 'policy' | 'local' };
  /** Read-only fields: a policy value while lockSettings is true. */
  locked: OrganisationRules;
  policy: ManagedPolicy;
}

export interface LocalSettings {
  identity: Identity;
  privacy: Partial<Privacy>;
  endpoint?: { config: EndpointConfig; savedAt: string };
}

/** Why an email is refused by the organisation's domain rule, or undefined. */
export function emailDomainProblem(email: string, domain: string | undefined): string | undefined {
  if (!domain || email === '') return undefined;
  const at = email.lastIndexOf('@');
  const given = email.slice(at + 1).toLowerCase();
  if (at > 0 && given === domain) return undefined;
  return `Use your work email ending in @${domain}: your organisation accepts no other address.`;
}

export function teamProblem(
  team: string,
  teams: readonly string[] | undefined,
): string | undefined {
  if (!teams || team === '' || teams.includes(team)) return undefined;
  return 'Choose your team from your organisation’s list.';
}

const PRIVACY_POLICY_KEYS = {
  excerptLength: 'excerptLength',
  keepAuthorNames: 'keepAuthorNames',
} as const satisfies Record<keyof Privacy, keyof ManagedPolicy>;

/**
 * The privacy fields to keep as the employee's own. A field the policy locks keeps the value
 * saved before (it comes back if the policy drops the key); a field equal to the policy's
 * default is left to the policy, so that a later change of the default reaches this browser.
 */
export function ownPrivacyFields(
  value: Privacy,
  stored: Partial<Privacy>,
  policy: ManagedPolicy | undefined,
): Partial<Privacy> {
  const own: Partial<Privacy> = {};
  for (const field of Object.keys(PRIVACY_POLICY_KEYS) as (keyof Privacy)[]) {
    const managed = policy?.[PRIVACY_POLICY_KEYS[field]];
    const kept =
      managed === undefined
        ? value[field]
        : policy?.lock
          ? stored[field]
          : value[field] === managed
            ? undefined
            : value[field];
    if (kept !== undefined) (own as Record<string, unknown>)[field] = kept;
  }
  return own;
}

/**
 * The organisation's rules for an identity, by the test id of the field they concern: an email
 * of another domain, a team outside the list. Applied while the policy is locked (unlocked, the
 * domain and the teams are suggestions).
 */
export function identityRuleErrors(
  identity: { email?: string; team?: string },
  rules: Pick<OrganisationRules, 'lock' | 'teams' | 'emailDomain'> | undefined,
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!rules?.lock) return errors;
  const email = emailDomainProblem(identity.email?.trim() ?? '', rules.emailDomain);
  if (email) errors['employee-email'] = email;
  const team = teamProblem(identity.team?.trim() ?? '', rules.teams);
  if (team) errors['employee-team'] = team;
  return errors;
}

/** A short, stable fingerprint (53-bit cyrb53): tells endpoint versions apart, reveals nothing. */
function fingerprint(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The merge itself, without any storage: what every reader gets. */
export function mergeSettings(local: LocalSettings, policy: ManagedPolicy): EffectiveSettings {
  const lock = policy.lock;
  const locked: OrganisationRules = {
    lock,
    endpoint: lock && policy.endpoint !== undefined,
    excerptLength: lock && policy.excerptLength !== undefined,
    keepAuthorNames: lock && policy.keepAuthorNames !== undefined,
    teams: policy.teams,
    emailDomain: policy.emailDomain,
  };

  const pick = <T>(own: T | undefined, managed: T | undefined, fallback: T): T =>
    lock ? (managed ?? own ?? fallback) : (own ?? managed ?? fallback);
  const privacy: Privacy = {
    excerptLength: pick(
      local.privacy.excerptLength,
      policy.excerptLength,
      DEFAULT_PRIVACY.excerptLength,
    ),
    keepAuthorNames: pick(
      local.privacy.keepAuthorNames,
      policy.keepAuthorNames,
      DEFAULT_PRIVACY.keepAuthorNames,
    ),
  };

  // The organisation's rules apply to what is sent: an address of another domain (saved before
  // the policy came) is not sent as the employee's.
  const identity: Identity = { ...local.identity };
  if (lock && identity.email && emailDomainProblem(identity.email, policy.emailDomain)) {
    delete identity.email;
  }
  if (lock && identity.team && teamProblem(identity.team, policy.teams)) delete identity.team;

  let endpoint: EffectiveEndpoint | undefined;
  const useLocal = local.endpoint && !(lock && policy.endpoint);
  if (useLocal && local.endpoint) {
    endpoint = {
      config: local.endpoint.config,
      source: 'local',
      version: `local:${local.endpoint.savedAt}`,
    };
  } else if (policy.endpoint) {
    endpoint = {
      config: policy.endpoint,
      source: 'policy',
      version: `policy:${fingerprint(JSON.stringify(policy.endpoint))}`,
    };
  }
  const endpointSummary = endpoint && {
    ...summariseEndpoint(endpoint.config, local.endpoint?.savedAt ?? ''),
    source: endpoint.source,
  };
  return { identity, privacy, endpoint, endpointSummary, locked, policy };
}

export async function readLocalSettings(db: SourcedDatabase): Promise<LocalSettings> {
  const [identity, privacy, config, savedAt] = await Promise.all([
    readLocalIdentity(db),
    readLocalPrivacy(db),
    loadEndpoint(db),
    endpointSavedAt(db),
  ]);
  return {
    identity,
    privacy,
    endpoint: config && savedAt ? { config, savedAt } : undefined,
  };
}

/** The settings in effect now. `policy` defaults to what storage.managed holds now. */
export async function readEffectiveSettings(
  db: SourcedDatabase,
  policy?: ManagedPolicy,
): Promise<EffectiveSettings> {
  const [local, managed] = await Promise.all([
    readLocalSettings(db),
    policy ?? readManagedPolicy().catch(() => NO_POLICY),
  ]);
  return mergeSettings(local, managed);
}

export async function effectiveIdentity(db: SourcedDatabase): Promise<Identity> {
  return (await readEffectiveSettings(db)).identity;
}

export async function effectivePrivacy(db: SourcedDatabase): Promise<Privacy> {
  return (await readEffectiveSettings(db)).privacy;
}

export async function effectiveEndpoint(
  db: SourcedDatabase,
): Promise<EffectiveEndpoint | undefined> {
  return (await readEffectiveSettings(db)).endpoint;
}
