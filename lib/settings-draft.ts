/**
 * The settings form as typed, and the checks that turn each section (identity, endpoint, privacy)
 * into settings, or into errors for its fields. Saving is lib/save-settings.ts.
 *
 * Errors are keyed by the test id of the field they belong to (`endpoint-url`, `employee-email`,
 * `endpoint-headers.2` for the third custom header), so the form shows each next to its field.
 */
import {
  parseEndpointConfig,
  type EndpointFormat,
  type EndpointIssue,
} from './delivery/endpoint-config';
import type { EndpointInput, EndpointSummary } from './endpoint-settings';
import {
  IdentitySchema,
  MAX_EXCERPT_LENGTH,
  PrivacySchema,
  type Identity,
  type Privacy,
} from './settings';
import { identityRuleErrors, type OrganisationRules } from './settings/effective';

export type FieldErrors = Record<string, string>;

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

/** The endpoint in effect, where it comes from: the organisation's policy or this form. */
export type EffectiveEndpointSummary = EndpointSummary & { source?: 'policy' | 'local' };

export function endpointDraft(summary: EffectiveEndpointSummary | undefined): EndpointDraft {
  const fromPolicy = summary?.source === 'policy';
  return {
    url: summary?.url ?? '',
    format: summary?.format ?? 'sourced.v1',
    token: EMPTY_SECRET,
    signingSecret: EMPTY_SECRET,
    headers: (summary?.headerNames ?? []).map((name) => ({
      key: newHeaderKey(),
      name,
      value: '',
      // A policy's header values are never kept by a save of this form: a header the employee
      // keeps needs a value typed here.
      ...(fromPolicy ? {} : { savedName: name }),
    })),
  };
}

/** The policy's endpoint shown as a default and left as it is (nothing typed over it). */
export function endpointFollowsPolicy(
  draft: EndpointDraft,
  summary: EffectiveEndpointSummary | undefined,
): boolean {
  if (summary?.source !== 'policy') return false;
  return (
    draft.url.trim() === summary.url &&
    draft.format === summary.format &&
    draft.token.value === '' &&
    !draft.token.clear &&
    draft.signingSecret.value === '' &&
    !draft.signingSecret.clear &&
    draft.headers.length === summary.headerNames.length &&
    draft.headers.every((h, i) => h.name.trim() === summary.headerNames[i] && h.value === '')
  );
}

export function checkIdentity(
  draft: IdentityDraft,
  rules?: Pick<OrganisationRules, 'lock' | 'teams' | 'emailDomain'>,
): { value?: Identity; errors: FieldErrors } {
  // The organisation's rules come first: they say what to type instead.
  const errors: FieldErrors = identityRuleErrors(draft, rules);
  const candidate = Object.fromEntries(
    Object.entries(draft)
      .map(([key, value]) => [key, value.trim()])
      .filter(([, value]) => value !== ''),
  );
  const parsed = IdentitySchema.safeParse(candidate);
  if (parsed.success && Object.keys(errors).length === 0) return { value: parsed.data, errors };
  for (const issue of parsed.error?.issues ?? []) {
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

export function issueErrors(issues: readonly EndpointIssue[]): FieldErrors {
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
