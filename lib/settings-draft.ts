/**
 * The settings form as typed, and how it becomes saved settings. Each section (identity,
 * endpoint, privacy) is checked and saved on its own: a refused endpoint URL does not stop a
 * valid identity from being saved, and what the user typed stays in the form until it is fixed.
 *
 * Errors are keyed by the test id of the field they belong to (`endpoint-url`, `employee-email`,
 * `endpoint-headers.2` for the third custom header), so the form shows each next to its field.
 */
import type { SourcedDatabase } from './db/database';
import {
  originPattern,
  parseEndpointConfig,
  type EndpointFormat,
  type EndpointIssue,
} from './delivery/endpoint-config';
import { saveEndpoint, type EndpointInput, type EndpointSummary } from './endpoint-settings';
import {
  IdentitySchema,
  MAX_EXCERPT_LENGTH,
  PrivacySchema,
  identityItem,
  privacyItem,
  type Identity,
  type Privacy,
} from './settings';

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
  db: SourcedDatabase;
  ensureOrigin(pattern: string): Promise<boolean>;
  /** Called after the endpoint is saved; not awaited by the form's answer. */
  endpointSaved(): void;
  /** How long to wait for the browser's permission prompt: 30 s unless a test says otherwise. */
  permissionTimeoutMs?: number;
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
      () => ({ kind: 'error' as const, origin }),
    );
  } catch {
    asked = Promise.resolve({ kind: 'error', origin });
  }
  return Promise.race([asked, timeout]).finally(() => clearTimeout(timer));
}

/** Save the endpoint section once its origin is granted (or the reasons it cannot be). */
async function saveEndpointSection(
  draft: EndpointDraft,
  permission: Promise<PermissionProblem | undefined>,
  deps: SaveDeps,
  report: SaveReport,
  errors: FieldErrors,
): Promise<void> {
  let endpointErrors = errors;
  const problem = await permission;
  if (problem) {
    report.permission = problem;
    endpointErrors = { 'endpoint-url': permissionMessage(problem) };
  } else {
    const result = await saveEndpoint(deps.db, endpointInput(draft));
    if (result.ok) {
      report.saved.push('endpoint');
      report.endpoint = result.value;
      deps.endpointSaved();
      return;
    }
    endpointErrors = issueErrors(result.issues);
  }
  report.refused.push('endpoint');
  Object.assign(report.errors, endpointErrors);
}

/**
 * Save every valid section; refuse the others with their reasons. The endpoint's permission is
 * asked first, within the click's user gesture, but identity and privacy do not wait for its
 * answer: they are saved at once, and a prompt left unanswered only holds the endpoint back.
 */
export async function saveSettings(
  draft: SettingsDraft,
  summary: EndpointSummary | undefined,
  deps: SaveDeps,
): Promise<SaveReport> {
  const report: SaveReport = { saved: [], refused: [], errors: {} };
  const identity = checkIdentity(draft.identity);
  const privacy = checkPrivacy(draft.privacy);
  const endpointBlank = endpointIsBlank(draft.endpoint, summary);
  const endpointErrors = endpointBlank ? {} : checkEndpoint(draft.endpoint);
  // checkEndpoint passed, so the URL parses.
  const permission =
    !endpointBlank && Object.keys(endpointErrors).length === 0
      ? askForOrigin(draft.endpoint.url.trim(), deps)
      : undefined;

  if (identity.value) {
    await identityItem.setValue(identity.value);
    report.saved.push('identity');
  } else {
    report.refused.push('identity');
    Object.assign(report.errors, identity.errors);
  }

  if (privacy.value) {
    await privacyItem.setValue(privacy.value);
    report.saved.push('privacy');
  } else {
    report.refused.push('privacy');
    Object.assign(report.errors, privacy.errors);
  }

  if (permission) {
    await saveEndpointSection(draft.endpoint, permission, deps, report, endpointErrors);
  } else if (!endpointBlank) {
    report.refused.push('endpoint');
    Object.assign(report.errors, endpointErrors);
  }
  // In the order of the form (identity, endpoint, privacy), as the summary lists them.
  const place = (id: string) =>
    id.startsWith('employee-') ? 0 : id.startsWith('endpoint-') ? 1 : 2;
  report.errors = Object.fromEntries(
    Object.entries(report.errors).sort(([a], [b]) => place(a) - place(b)),
  );
  return report;
}

/** "Ask again": the permission, then the endpoint alone (identity and privacy were saved). */
export async function retryEndpoint(draft: EndpointDraft, deps: SaveDeps): Promise<SaveReport> {
  const report: SaveReport = { saved: [], refused: [], errors: {} };
  const errors = checkEndpoint(draft);
  if (Object.keys(errors).length > 0) {
    report.refused.push('endpoint');
    Object.assign(report.errors, errors);
    return report;
  }
  await saveEndpointSection(draft, askForOrigin(draft.url.trim(), deps), deps, report, {});
  return report;
}
