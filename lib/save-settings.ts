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
}

export interface SaveDeps {
  ensureOrigin(pattern: string): Promise<boolean>;
  /** The background writes the checked sections (page message `saveSettings`). */
  save(request: SaveSettingsRequest): Promise<Result<SaveSettingsReply>>;
  /**
   * The organisation's policy as the page read it: its rules are checked here first (the
   * background checks them again), and the endpoint it sets is not sent.
   */
  policy?: ManagedPolicy;
}

/**
 * Save every valid section; refuse the others with their reasons. The endpoint's permission is
 * asked first (before anything is saved), while the click's user gesture is still fresh. The
 * background, the one writer, checks the sections again and saves them.
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

  let permitted = false;
  if (!endpointBlank && Object.keys(endpointErrors).length === 0) {
    const url = draft.endpoint.url.trim();
    // checkEndpoint passed, so the URL parses.
    const host = new URL(url).host;
    try {
      permitted = await deps.ensureOrigin(originPattern(url));
      if (!permitted) {
        endpointErrors = {
          'endpoint-url': `Permission refused: Sourced may not send captures to ${host}. Save again and choose Allow when the browser asks.`,
        };
      }
    } catch {
      // The browser refused the request itself (not the user): said next to the field.
      endpointErrors = {
        'endpoint-url': `The browser would not grant access to ${host}; the endpoint was not saved.`,
      };
    }
  }

  const reply = await deps.save({
    identity: identity.value,
    endpoint: permitted ? endpointInput(draft.endpoint) : undefined,
    privacy: privacy.value,
  });
  if (!reply.ok) throw new UserFacingError(reply.error);
  const { saved, endpoint, endpointIssues, identityErrors } = reply.value;
  if (endpointIssues) endpointErrors = issueErrors(endpointIssues);
  const identityRefusals = { ...identity.errors, ...identityErrors };

  const report: SaveReport = { saved: [], refused: [], errors: {}, endpoint };
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
