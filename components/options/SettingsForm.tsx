/**
 * Identity, endpoint and privacy in one form with one Save. Each section is saved on its own
 * when valid (lib/save-settings.ts); the refused ones keep what was typed and show why, field by
 * field, with a summary in `settings-error`.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { readDeliveryState } from '../../lib/delivery/delivery-state';
import { originPattern } from '../../lib/delivery/endpoint-config';
import { plainError } from '../../lib/errors';
import { readLocalIdentity } from '../../lib/settings';
import { readEffectiveSettings, type EffectiveSettings } from '../../lib/settings/effective';
import { onManagedPolicyChange } from '../../lib/settings/managed';
import { EndpointAllow } from '../EndpointAllow';
import { IdentityFields } from '../IdentityForm';
import { useLiveQuery } from '../use-live-query';
import { DeleteAllData } from './DeleteAllData';
import { EndpointFields } from './EndpointFields';
import { ManagedNotice } from './ManagedNotice';
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
  checkIdentity,
  endpointDraft,
  identityDraft,
  privacyDraft,
  type FieldErrors,
  type EffectiveEndpointSummary,
  type SettingsDraft,
} from '../../lib/settings-draft';

/**
 * The form after a policy change: a field the organisation sets now, or set until now, shows the
 * value in effect; the endpoint too unless the employee is editing it.
 */
function withPolicyValues(
  draft: SettingsDraft,
  before: EffectiveSettings['locked'] | undefined,
  settings: EffectiveSettings,
  endpointDirty: boolean,
): SettingsDraft {
  const { locked } = settings;
  const privacy = privacyDraft(settings.privacy);
  const follows = (field: 'excerptLength' | 'keepAuthorNames') =>
    locked[field] || before?.[field] === true;
  return {
    identity: draft.identity,
    endpoint:
      locked.endpoint || before?.endpoint || !endpointDirty
        ? endpointDraft(settings.endpointSummary)
        : draft.endpoint,
    privacy: {
      excerptLength: follows('excerptLength') ? privacy.excerptLength : draft.privacy.excerptLength,
      keepAuthorNames: follows('keepAuthorNames')
        ? privacy.keepAuthorNames
        : draft.privacy.keepAuthorNames,
    },
  };
}

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
  const [summary, setSummary] = useState<EffectiveEndpointSummary | undefined>();
  const [settings, setSettings] = useState<EffectiveSettings | undefined>();
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
  // Read by the policy listener, which outlives renders.
  const endpointDirtyRef = useRef(false);
  endpointDirtyRef.current = endpointDirty;
  const lockedBefore = useRef<EffectiveSettings['locked'] | undefined>(undefined);
  const { value: delivery } = useLiveQuery(() => readDeliveryState(db), [db]);

  const [loadError, setLoadError] = useState<string | undefined>();

  useEffect(() => {
    // The form shows the employee's own identity (the organisation's rules are checked on save)
    // and the endpoint and privacy in effect.
    Promise.all([readEffectiveSettings(db), readLocalIdentity(db)]).then(
      ([effective, identity]) => {
        lockedBefore.current = effective.locked;
        setSettings(effective);
        setSummary(effective.endpointSummary);
        const draft = identityDraft(identity);
        // An address saved before the organisation's rule came is not sent: say so at once.
        setErrors(checkIdentity(draft, effective.locked).errors);
        setDraft({
          identity: draft,
          privacy: privacyDraft(effective.privacy),
          endpoint: endpointDraft(effective.endpointSummary),
        });
      },
      (error: unknown) => setLoadError(plainError(error)),
    );
    // A policy change takes effect at once, typed values of the fields it leaves free included.
    return onManagedPolicyChange(() => {
      readEffectiveSettings(db).then(
        (effective) => {
          const before = lockedBefore.current;
          lockedBefore.current = effective.locked;
          setSettings(effective);
          setSummary(effective.endpointSummary);
          setDraft((d) => d && withPolicyValues(d, before, effective, endpointDirtyRef.current));
        },
        (error: unknown) => setLoadError(plainError(error)),
      );
    });
  }, [db]);

  if (loadError) {
    return (
      <p class="error" role="alert" data-testid="settings-error">
        The settings cannot be read: {loadError}
      </p>
    );
  }
  if (!draft || !settings) return <p class="muted">Loading settings…</p>;
  const { locked } = settings;
  const policyEndpoint = summary?.source === 'policy' ? summary : undefined;

  const deps: SaveDeps = {
    // Says, while the prompt is open, what the browser is asking and why.
    ensureOrigin: (pattern) => {
      setAsking(endpointOrigin(draft.endpoint.url) ?? pattern);
      return services.ensureOrigin(pattern).finally(() => setAsking(undefined));
    },
    save: (request) => services.send('saveSettings', request),
    permissionTimeoutMs: services.permissionTimeoutMs,
    policy: settings.policy,
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
        const saved = { ...report.endpoint, source: 'local' as const };
        setSummary(saved);
        // Saved secrets leave the form: the fields go back to "saved (hidden)".
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
      <ManagedNotice settings={settings} />
      <IdentityFields
        draft={draft.identity}
        rules={locked}
        errors={errors}
        onChange={(change) => {
          touched.current.add('identity');
          setDraft((d) => d && { ...d, identity: { ...d.identity, ...change } });
        }}
      />
      {policyEndpoint && services.origins ? (
        <EndpointAllow
          url={policyEndpoint.url}
          pattern={originPattern(policyEndpoint.url)}
          access={services.origins}
          // Deliver what waited for the permission now (the background also notices the grant).
          onGranted={() => void services.send('syncNow', undefined)}
        />
      ) : null}
      <EndpointFields
        draft={draft.endpoint}
        summary={summary}
        locked={locked.endpoint}
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
        locked={locked}
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
