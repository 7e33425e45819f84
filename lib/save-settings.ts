/**
 * Saving the settings form: each section (identity, endpoint, privacy) is checked and saved on
 * its own, so a refused endpoint URL does not stop a valid identity from being saved, and what the
 * user typed stays in the form until it is fixed. The page checks and asks for the endpoint's
 * permission; the background, the one writer, checks again and saves.
 */
import type { z } from 'zod';
import { originPattern } from './delivery/endpoint-config';
import type { EndpointSummary } from './endpoint-settings';
import type { ManagedPolicy } from './settings/managed';
import { UserFacingError } from './errors';
import type { SaveSettingsRequestSchema } from './message-schemas';
import type { SaveSettingsReply } from './messages';
import type { Result } from './result';
import {
  checkEndpoint,
  checkIdentity,
  checkPrivacy,
  endpointInput,
  endpointFollowsPolicy,
  endpointIsBlank,
  issueErrors,
  type EffectiveEndpointSummary,
  type FieldErrors,
  type SettingsDraft,
} from './settings-draft';

export type SaveSettingsRequest = z.input<typeof SaveSettingsRequestSchema>;

export type Section = 'identity' | 'endpoint' | 'privacy';

export interface SaveReport {
  saved: Section[];
  refused: Section[];
  errors: FieldErrors;
  /** The endpoint as saved now, when it was. */
  endpoint?: EndpointSummary;
  /**
   * The browser's permission for the endpoint's origin was refused, not answered in time, or
   * could not be asked: the endpoint was not saved, its URL stays in the form, and the form offers
   * to ask again.
   */
  permission?: PermissionProblem;
}

export interface PermissionProblem {
  kind: 'refused' | 'timeout' | 'error';
  /** The origin asked for, as the user reads it (https://host). */
  origin: string;
}

export interface SaveDeps {
  ensureOrigin(pattern: string): Promise<boolean>;
  /** The background writes the checked sections (page message `saveSettings`). */
  save(request: SaveSettingsRequest): Promise<Result<SaveSettingsReply>>;
  /** How long to wait for the browser's permission prompt: 30 s unless a test says otherwise. */
  permissionTimeoutMs?: number;
  /**
   * The organisation's policy as the page read it: its rules are checked here first (the
   * background checks them again), and the endpoint it sets is not sent.
   */
  policy?: ManagedPolicy;
}

export const PERMISSION_TIMEOUT_MS = 30_000;

/** "https://recognition.example.com": what the browser's prompt is about, in the user's words. */
export function endpointOrigin(url: string): string | undefined {
  try {
    return new URL(url.trim()).origin;
  } catch {
    return undefined;
  }
}

/** What to tell the user when the permission is missing; the URL stays in the form either way. */
export function permissionMessage({ kind, origin }: PermissionProblem): string {
  switch (kind) {
    case 'refused':
      return `Permission refused: your browser did not allow Sourced to send to ${origin}, so the endpoint was not saved. The URL is kept; ask again and choose Allow.`;
    case 'timeout':
      return `No answer from your browser about sending to ${origin}, so the endpoint was not saved. The URL is kept; ask again and answer the browser's question.`;
    case 'error':
      return `The browser would not grant access to ${origin}; the endpoint was not saved. The URL is kept; you can ask again.`;
  }
}

/**
 * Ask the browser for the endpoint's origin. Called synchronously from the click (Firefox
 * accepts a request only then); a prompt nobody answers stops being waited for after
 * `permissionTimeoutMs`, so saving never hangs on it.
 */
export function askForOrigin(
  url: string,
  deps: Pick<SaveDeps, 'ensureOrigin' | 'permissionTimeoutMs'>,
): Promise<PermissionProblem | undefined> {
  const origin = endpointOrigin(url) ?? url;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<PermissionProblem>((resolve) => {
    timer = setTimeout(
      () => resolve({ kind: 'timeout', origin }),
      deps.permissionTimeoutMs ?? PERMISSION_TIMEOUT_MS,
    );
  });
  let asked: Promise<PermissionProblem | undefined>;
  try {
    asked = deps.ensureOrigin(originPattern(url)).then(
      (granted) => (granted ? undefined : { kind: 'refused' as const, origin }),
      // The browser refused the request itself (not the user).
      () => ({ kind: 'error' as const, origin }),
    );
  } catch {
    asked = Promise.resolve({ kind: 'error', origin });
  }
  return Promise.race([asked, timeout]).finally(() => clearTimeout(timer));
}

/** The endpoint, once its origin is granted: its own request to the background. */
async function saveEndpointOnce(
  draft: SettingsDraft['endpoint'],
  permission: Promise<PermissionProblem | undefined>,
  deps: SaveDeps,
): Promise<{
  saved: boolean;
  endpoint?: EndpointSummary;
  errors: FieldErrors;
  problem?: PermissionProblem;
}> {
  const problem = await permission;
  if (problem) {
    return { saved: false, errors: { 'endpoint-url': permissionMessage(problem) }, problem };
  }
  const reply = await deps.save({ endpoint: endpointInput(draft) });
  if (!reply.ok) throw new UserFacingError(reply.error);
  const { saved, endpoint, endpointIssues } = reply.value;
  return {
    saved: saved.includes('endpoint'),
    endpoint,
    errors: endpointIssues ? issueErrors(endpointIssues) : {},
  };
}

/**
 * Save every valid section; refuse the others with their reasons. The endpoint's permission is
 * asked first, within the click's user gesture, but identity and privacy do not wait for its
 * answer: the background saves them at once, and a prompt left unanswered only holds the
 * endpoint back. The background, the one writer, checks the sections again.
 */
export async function saveSettings(
  draft: SettingsDraft,
  summary: EffectiveEndpointSummary | undefined,
  deps: SaveDeps,
): Promise<SaveReport> {
  const { policy } = deps;
  const identity = checkIdentity(draft.identity, policy);
  const privacy = checkPrivacy(draft.privacy);
  // The organisation's endpoint is read-only while locked, and a default left alone otherwise:
  // neither is sent as the employee's own.
  const endpointBlank =
    (policy?.lock === true && policy.endpoint !== undefined) ||
    endpointFollowsPolicy(draft.endpoint, summary) ||
    endpointIsBlank(draft.endpoint, summary);
  let endpointErrors = endpointBlank ? {} : checkEndpoint(draft.endpoint);
  // checkEndpoint passed, so the URL parses.
  const permission =
    !endpointBlank && Object.keys(endpointErrors).length === 0
      ? askForOrigin(draft.endpoint.url.trim(), deps)
      : undefined;

  const saved: Section[] = [];
  let identityRefusals = identity.errors;
  if (identity.value || privacy.value) {
    const reply = await deps.save({ identity: identity.value, privacy: privacy.value });
    if (!reply.ok) throw new UserFacingError(reply.error);
    saved.push(...reply.value.saved);
    // The background checks the organisation's rules again, and says which fields it refused.
    identityRefusals = { ...identity.errors, ...reply.value.identityErrors };
  }

  const report: SaveReport = { saved: [], refused: [], errors: {} };
  if (permission) {
    const result = await saveEndpointOnce(draft.endpoint, permission, deps);
    if (result.saved) saved.push('endpoint');
    report.endpoint = result.endpoint;
    report.permission = result.problem;
    endpointErrors = result.errors;
  }

  const sections: [Section, boolean, FieldErrors][] = [
    ['identity', true, identityRefusals],
    ['endpoint', !endpointBlank, endpointErrors],
    ['privacy', true, privacy.errors],
  ];
  for (const [section, asked, errors] of sections) {
    if (!asked) continue;
    if (saved.includes(section)) {
      report.saved.push(section);
    } else {
      report.refused.push(section);
      Object.assign(report.errors, errors);
    }
  }
  return report;
}

/** "Ask again": the permission, then the endpoint alone (identity and privacy were saved). */
export async function retryEndpoint(
  draft: SettingsDraft['endpoint'],
  deps: SaveDeps,
): Promise<SaveReport> {
  const report: SaveReport = { saved: [], refused: [], errors: {} };
  const errors = checkEndpoint(draft);
  if (Object.keys(errors).length > 0) {
    report.refused.push('endpoint');
    report.errors = errors;
    return report;
  }
  const result = await saveEndpointOnce(draft, askForOrigin(draft.url.trim(), deps), deps);
  if (result.saved) {
    report.saved.push('endpoint');
    report.endpoint = result.endpoint;
  } else {
    report.refused.push('endpoint');
    report.errors = result.errors;
    report.permission = result.problem;
  }
  return report;
}
