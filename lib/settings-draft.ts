/**
 * The settings form as typed, and how it becomes saved settings. Each section (identity,
 * endpoint, privacy) is checked and saved on its own: a refused endpoint URL does not stop a
 * valid identity from being saved, and what the user typed stays in the form until it is fixed.
 *
 * Errors are keyed by the test id of the field they belong to (`endpoint-url`, `employee-email`,
 * `endpoint-headers.2` for the third custom header), so the form shows each next to its field.
 */
import {
  originPattern,
  parseEndpointConfig,
  type EndpointFormat,
  type EndpointIssue,
} from './delivery/endpoint-config';
import type { z } from 'zod';
import type { EndpointInput, EndpointSummary } from './endpoint-settings';
import { UserFacingError } from './errors';
import type { SaveSettingsRequestSchema } from './message-schemas';
import type { SaveSettingsReply } from './messages';
import type { Result } from './result';
import {
  IdentitySchema,
  MAX_EXCERPT_LENGTH,
  PrivacySchema,
  type Identity,
  type Privacy,
} from './settings';

export type FieldErrors = Record<string, string>;

export type SaveSettingsRequest = z.input<typeof SaveSettingsRequestSchema>;

export interface IdentityDraft {
  name: string;
  email: string;
  employeeId: string;
  team: string;
}

export interface PrivacyDraft {
  excerptLength: string;
  keepAuthorNames: boolean;
}

/**
 * A secret is never shown once saved: the field starts empty. Empty keeps the saved value,
 * anything typed replaces it, and `clear` removes it.
 */
export interface SecretDraft {
  value: string;
  clear: boolean;
}

export interface HeaderDraft {
  /** A stable key for the list, since names can be edited. */
  key: number;
  name: string;
  /** Typed value; empty on a saved header means "keep the saved value". */
  value: string;
  /** The name this header was saved under, when it was. */
  savedName?: string;
}

export interface EndpointDraft {
  url: string;
  format: EndpointFormat;
  token: SecretDraft;
  signingSecret: SecretDraft;
  headers: HeaderDraft[];
}

export interface SettingsDraft {
  identity: IdentityDraft;
  privacy: PrivacyDraft;
  endpoint: EndpointDraft;
}

export const IDENTITY_FIELDS = [
  { key: 'name', label: 'Your name', testId: 'employee-name', type: 'text', autoComplete: 'name' },
  {
    key: 'email',
    label: 'Work email',
    testId: 'employee-email',
    type: 'email',
    autoComplete: 'email',
  },
  {
    key: 'employeeId',
    label: 'Employee id',
    testId: 'employee-id',
    type: 'text',
    autoComplete: 'off',
  },
  {
    key: 'team',
    label: 'Team',
    testId: 'employee-team',
    type: 'text',
    autoComplete: 'organization-title',
  },
] as const;

let nextHeaderKey = 1;
export function newHeaderKey(): number {
  return nextHeaderKey++;
}

export const EMPTY_SECRET: SecretDraft = { value: '', clear: false };

export function identityDraft(identity: Identity): IdentityDraft {
  return {
    name: identity.name ?? '',
    email: identity.email ?? '',
    employeeId: identity.employeeId ?? '',
    team: identity.team ?? '',
  };
}

export function privacyDraft(privacy: Privacy): PrivacyDraft {
  return {
    excerptLength: String(privacy.excerptLength),
    keepAuthorNames: privacy.keepAuthorNames,
  };
}

export function endpointDraft(summary: EndpointSummary | undefined): EndpointDraft {
  return {
    url: summary?.url ?? '',
    format: summary?.format ?? 'sourced.v1',
    token: EMPTY_SECRET,
    signingSecret: EMPTY_SECRET,
    headers: (summary?.headerNames ?? []).map((name) => ({
      key: newHeaderKey(),
      name,
      value: '',
      savedName: name,
    })),
  };
}

export function checkIdentity(draft: IdentityDraft): { value?: Identity; errors: FieldErrors } {
  const candidate = Object.fromEntries(
    Object.entries(draft)
      .map(([key, value]) => [key, value.trim()])
      .filter(([, value]) => value !== ''),
  );
  const parsed = IdentitySchema.safeParse(candidate);
  if (parsed.success) return { value: parsed.data, errors: {} };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = IDENTITY_FIELDS.find((f) => f.key === issue.path[0]);
    if (!field || errors[field.testId]) continue;
    errors[field.testId] =
      field.key === 'email'
        ? 'Not a valid email address (name@company.com).'
        : `${field.label}: ${issue.message}.`;
  }
  return { errors };
}

export function checkPrivacy(draft: PrivacyDraft): { value?: Privacy; errors: FieldErrors } {
  const text = draft.excerptLength.trim();
  const length = /^\d+$/.test(text) ? Number(text) : NaN;
  const parsed = PrivacySchema.safeParse({
    excerptLength: length,
    keepAuthorNames: draft.keepAuthorNames,
  });
  if (parsed.success) return { value: parsed.data, errors: {} };
  return {
    errors: {
      'privacy-excerpt-length': `Enter a whole number from 0 to ${MAX_EXCERPT_LENGTH}.`,
    },
  };
}

function secretInput(draft: SecretDraft): string | undefined {
  if (draft.clear) return '';
  return draft.value.trim() === '' ? undefined : draft.value;
}

/** The submission for saveEndpoint: untouched secrets stay `undefined`, which keeps them. */
export function endpointInput(draft: EndpointDraft): EndpointInput {
  return {
    url: draft.url.trim(),
    format: draft.format,
    token: secretInput(draft.token),
    signingSecret: secretInput(draft.signingSecret),
    headers: draft.headers.map((header) => {
      const name = header.name.trim();
      const unchanged =
        header.savedName !== undefined &&
        header.value === '' &&
        name.toLowerCase() === header.savedName.toLowerCase();
      // A renamed header does not inherit the value of its old name: it gets what was typed.
      return { name, value: unchanged ? undefined : header.value };
    }),
  };
}

/** Nothing typed and nothing saved: there is no endpoint to check yet. */
export function endpointIsBlank(draft: EndpointDraft, summary?: EndpointSummary): boolean {
  return (
    !summary &&
    draft.url.trim() === '' &&
    draft.token.value.trim() === '' &&
    draft.signingSecret.value.trim() === '' &&
    draft.headers.every((h) => h.name.trim() === '' && h.value === '')
  );
}

const ISSUE_FIELDS: Record<string, string> = {
  url: 'endpoint-url',
  format: 'endpoint-format',
  token: 'endpoint-token',
  signingSecret: 'endpoint-secret',
  headers: 'endpoint-headers',
};

export function issueField(path: string): string {
  const [first, index] = path.split('.');
  if (first === 'headers' && index !== undefined) return `endpoint-headers.${index}`;
  return ISSUE_FIELDS[first ?? ''] ?? 'endpoint-url';
}

function issueErrors(issues: readonly EndpointIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issueField(issue.path);
    errors[field] = errors[field] ? `${errors[field]} ${issue.message}` : issue.message;
  }
  return errors;
}

/**
 * Check what the user typed before asking for a permission: the same rules as saveEndpoint,
 * with saved secrets (valid by construction, and not readable here) left out.
 */
export function checkEndpoint(draft: EndpointDraft): FieldErrors {
  const input = endpointInput(draft);
  const parsed = parseEndpointConfig({
    ...input,
    headers: input.headers.map((h) => ({ name: h.name, value: h.value ?? '' })),
  });
  return parsed.ok ? {} : issueErrors(parsed.issues);
}

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
}

/**
 * Save every valid section; refuse the others with their reasons. The endpoint's permission is
 * asked first (before anything is saved), while the click's user gesture is still fresh. The
 * background, the one writer, checks the sections again and saves them.
 */
export async function saveSettings(
  draft: SettingsDraft,
  summary: EndpointSummary | undefined,
  deps: SaveDeps,
): Promise<SaveReport> {
  const identity = checkIdentity(draft.identity);
  const privacy = checkPrivacy(draft.privacy);
  const endpointBlank = endpointIsBlank(draft.endpoint, summary);
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
  const { saved, endpoint, endpointIssues } = reply.value;
  if (endpointIssues) endpointErrors = issueErrors(endpointIssues);

  const report: SaveReport = { saved: [], refused: [], errors: {}, endpoint };
  const sections: [Section, boolean, FieldErrors][] = [
    ['identity', true, identity.errors],
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
