/**
 * Identity, endpoint and privacy in one form with one Save. Each section is saved on its own
 * when valid (lib/save-settings.ts); the refused ones keep what was typed and show why, field by
 * field, with a summary in `settings-error`.
 */
import { useEffect, useState } from 'preact/hooks';
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
import { saveSettings, type SaveReport, type Section } from '../../lib/save-settings';
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

function describe(report: SaveReport): Message {
  if (report.refused.length === 0) return { kind: 'saved', text: 'Saved.' };
  const saved = report.saved.length ? ` The ${list(report.saved)} settings were saved.` : '';
  return {
    kind: 'error',
    text: `Not saved: ${list(report.refused)} — fix the marked fields.${saved}`,
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

  async function save(event: Event) {
    event.preventDefault();
    if (!draft || saving) return;
    setSaving(true);
    setMessage(null);
    try {
      const report = await saveSettings(draft, summary, {
        ensureOrigin: services.ensureOrigin,
        save: (request) => services.send('saveSettings', request),
      });
      setErrors(report.errors);
      setMessage(describe(report));
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
    }
  }

  return (
    <form class="settings" noValidate onSubmit={(event) => void save(event)}>
      <IdentityFields
        draft={draft.identity}
        errors={errors}
        onChange={(change) =>
          setDraft((d) => d && { ...d, identity: { ...d.identity, ...change } })
        }
      />
      <EndpointFields
        draft={draft.endpoint}
        summary={summary}
        errors={errors}
        problem={delivery?.problem}
        unsavedChanges={endpointDirty}
        onChange={(update) => {
          setDraft((d) => d && { ...d, endpoint: update(d.endpoint) });
          setEndpointDirty(true);
        }}
        testEndpoint={() => services.send('testEndpoint', undefined)}
      />
      <PrivacyFields
        draft={draft.privacy}
        errors={errors}
        summary={summary}
        onChange={(change) => setDraft((d) => d && { ...d, privacy: { ...d.privacy, ...change } })}
      >
        <DeleteAllData services={services} onDeleted={onDeleted} />
      </PrivacyFields>
      <div class="save-bar">
        <button type="submit" class="primary" data-testid="settings-save" disabled={saving}>
          {saving ? 'Saving…' : 'Save settings'}
        </button>
        {message?.kind === 'error' ? (
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
