/**
 * Identity, endpoint and privacy in one form with one Save. Each section is saved on its own
 * when valid (lib/save-settings.ts); the refused ones keep what was typed and show why, field by
 * field, with a summary in `settings-error`.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { readDeliveryState } from '../../lib/delivery/delivery-state';
import { endpointSummary, type EndpointSummary } from '../../lib/endpoint-settings';
import { plainError } from '../../lib/errors';
import { readIdentity, readPrivacy } from '../../lib/settings';
import { IdentityFields } from '../IdentityForm';
import { useLiveQuery } from '../use-live-query';
import { DeleteAllData } from './DeleteAllData';
import { EndpointFields } from './EndpointFields';
import { PrivacyFields } from './PrivacyFields';
import type { OptionsServices } from './services';
import {
  endpointOrigin,
  retryEndpoint,
  saveSettings,
  type PermissionProblem,
  type SaveDeps,
  type SaveReport,
  type Section,
} from '../../lib/save-settings';
import {
  endpointDraft,
  identityDraft,
  privacyDraft,
  type FieldErrors,
  type SettingsDraft,
} from '../../lib/settings-draft';

const FIELD_LABELS: Record<string, string> = {
  'employee-name': 'Your name',
  'employee-email': 'Work email',
  'employee-id': 'Employee id',
  'employee-team': 'Team',
  'endpoint-url': 'Endpoint URL',
  'endpoint-format': 'Format',
  'endpoint-token': 'Bearer token',
  'endpoint-secret': 'Signing secret',
  'endpoint-headers': 'Custom headers',
  'privacy-excerpt-length': 'Characters kept',
};

function fieldLabel(id: string): string {
  const header = /^endpoint-headers\.(\d+)$/.exec(id);
  if (header) return `Custom header ${Number(header[1]) + 1}`;
  return FIELD_LABELS[id] ?? id;
}

const SECTION_NAMES: Record<Section, string> = {
  identity: 'identity',
  endpoint: 'endpoint',
  privacy: 'privacy',
};

function list(sections: Section[]): string {
  const names = sections.map((s) => SECTION_NAMES[s]);
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

type Message = { kind: 'saved'; text: string } | { kind: 'error'; text: string; details: string[] };

/**
 * The answer to a save. A section the user did not change is not news: "the privacy settings were
 * saved" is said only of a section that was edited.
 */
function describe(report: SaveReport, touched: ReadonlySet<Section>): Message {
  if (report.refused.length === 0) return { kind: 'saved', text: 'Saved.' };
  const changed = report.saved.filter((section) => touched.has(section));
  const saved = changed.length ? ` The ${list(changed)} settings were saved.` : '';
  const onlyPermission =
    report.permission && report.refused.length === 1 && report.refused[0] === 'endpoint';
  return {
    kind: 'error',
    text: onlyPermission
      ? `Not saved: endpoint — your browser has not allowed Sourced to send to ${report.permission!.origin}.${saved}`
      : `Not saved: ${list(report.refused)} — fix the marked fields.${saved}`,
    details: Object.entries(report.errors).map(([id, message]) => `${fieldLabel(id)}: ${message}`),
  };
}

export function SettingsForm({
  services,
  onDeleted,
}: {
  services: OptionsServices;
  onDeleted: () => void;
}) {
  const { db } = services;
  const [draft, setDraft] = useState<SettingsDraft | undefined>();
  const [summary, setSummary] = useState<EndpointSummary | undefined>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<Message | null>(null);
  const [saving, setSaving] = useState(false);
  const [endpointDirty, setEndpointDirty] = useState(false);
  /** Sections edited since the last save. */
  const touched = useRef(new Set<Section>());
  /** While the browser's permission prompt is open: the origin it asks about. */
  const [asking, setAsking] = useState<string | undefined>();
  const [permission, setPermission] = useState<PermissionProblem | undefined>();
  const formRef = useRef<HTMLFormElement>(null);
  const focusInvalid = useRef(false);

  // After a refused save, to the first field marked invalid (in the form's order).
  useEffect(() => {
    if (!focusInvalid.current) return;
    focusInvalid.current = false;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);
  const { value: delivery } = useLiveQuery(() => readDeliveryState(db), [db]);

  const [loadError, setLoadError] = useState<string | undefined>();

  useEffect(() => {
    Promise.all([readIdentity(), readPrivacy(), endpointSummary(db)]).then(
      ([identity, privacy, endpoint]) => {
        setSummary(endpoint);
        setDraft({
          identity: identityDraft(identity),
          privacy: privacyDraft(privacy),
          endpoint: endpointDraft(endpoint),
        });
      },
      (error: unknown) => setLoadError(plainError(error)),
    );
  }, [db]);

  if (loadError) {
    return (
      <p class="error" role="alert" data-testid="settings-error">
        The settings cannot be read: {loadError}
      </p>
    );
  }
  if (!draft) return <p class="muted">Loading settings…</p>;

  const deps: SaveDeps = {
    // Says, while the prompt is open, what the browser is asking and why.
    ensureOrigin: (pattern) => {
      setAsking(endpointOrigin(draft.endpoint.url) ?? pattern);
      return services.ensureOrigin(pattern).finally(() => setAsking(undefined));
    },
    save: (request) => services.send('saveSettings', request),
    permissionTimeoutMs: services.permissionTimeoutMs,
  };

  async function save(event: Event) {
    event.preventDefault();
    if (!draft || saving) return;
    await run(() => saveSettings(draft, summary, deps));
  }

  /** "Ask again": only the endpoint, whose URL stayed in the form. */
  async function askAgain() {
    if (!draft || saving) return;
    await run(() => retryEndpoint(draft.endpoint, deps));
  }

  async function run(work: () => Promise<SaveReport>) {
    setSaving(true);
    setMessage(null);
    setPermission(undefined);
    try {
      const report = await work();
      focusInvalid.current = report.refused.length > 0 && !report.permission;
      setErrors(report.errors);
      setMessage(describe(report, touched.current));
      setPermission(report.permission);
      setAsking(undefined);
      for (const section of report.saved) touched.current.delete(section);
      if (report.endpoint) {
        setSummary(report.endpoint);
        // Saved secrets leave the form: the fields go back to "saved (hidden)".
        const saved = report.endpoint;
        setDraft((d) => d && { ...d, endpoint: endpointDraft(saved) });
        setEndpointDirty(false);
      }
    } catch (error) {
      setMessage({ kind: 'error', text: plainError(error), details: [] });
    } finally {
      setSaving(false);
      setAsking(undefined);
    }
  }

  return (
    <form ref={formRef} class="settings" noValidate onSubmit={(event) => void save(event)}>
      <IdentityFields
        draft={draft.identity}
        errors={errors}
        onChange={(change) => {
          touched.current.add('identity');
          setDraft((d) => d && { ...d, identity: { ...d.identity, ...change } });
        }}
      />
      <EndpointFields
        draft={draft.endpoint}
        summary={summary}
        errors={errors}
        problem={delivery?.problem}
        unsavedChanges={endpointDirty}
        onChange={(update) => {
          touched.current.add('endpoint');
          setDraft((d) => d && { ...d, endpoint: update(d.endpoint) });
          setEndpointDirty(true);
        }}
        permission={permission}
        askAgain={() => void askAgain()}
        busy={saving}
        testEndpoint={() => services.send('testEndpoint', undefined)}
      />
      <PrivacyFields
        draft={draft.privacy}
        errors={errors}
        summary={summary}
        onChange={(change) => {
          touched.current.add('privacy');
          setDraft((d) => d && { ...d, privacy: { ...d.privacy, ...change } });
        }}
      >
        <DeleteAllData services={services} onDeleted={onDeleted} />
      </PrivacyFields>
      <div class="save-bar">
        <button type="submit" class="primary" data-testid="settings-save" disabled={saving}>
          {saving ? 'Saving…' : 'Save settings'}
        </button>
        {asking ? (
          <p class="saved" role="status" data-testid="settings-status">
            Your browser will ask to allow Sourced to send to {asking}: choose Allow to save the
            endpoint.
          </p>
        ) : message?.kind === 'error' ? (
          <div class="error" role="alert" data-testid="settings-error">
            <p>{message.text}</p>
            {message.details.length ? (
              <ul>
                {message.details.map((detail) => (
                  <li key={detail}>{detail}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : message ? (
          <p class="saved" role="status" data-testid="settings-status">
            {message.text}
          </p>
        ) : null}
      </div>
    </form>
  );
}
