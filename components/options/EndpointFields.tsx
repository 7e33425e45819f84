/** Where captures go: the recognition endpoint, its format and its credentials. */
import { ENDPOINT_FORMATS, type EndpointFormat } from '../../lib/delivery/endpoint-config';
import type { DeliveryState } from '../../lib/delivery/delivery-state';
import type { EndpointTestResult } from '../../lib/messages';
import type { Result } from '../../lib/result';
import { EndpointTest } from './EndpointTest';
import { errorProps, FieldError } from './FieldError';
import { HeaderList } from './HeaderList';
import { SecretField } from './SecretField';
import { endpointOrigin, type PermissionProblem } from '../../lib/save-settings';
import type {
  EffectiveEndpointSummary,
  EndpointDraft,
  FieldErrors,
} from '../../lib/settings-draft';
import { SET_BY_ORGANISATION } from './ManagedNotice';

const FORMAT_LABELS: Record<EndpointFormat, string> = {
  'sourced.v1': 'Sourced events (sourced.v1)',
  slack: 'Slack incoming webhook',
  teams: 'Microsoft Teams workflow',
};

export function EndpointFields({
  draft,
  summary,
  locked = false,
  errors,
  problem,
  unsavedChanges,
  onChange,
  testEndpoint,
  permission,
  askAgain,
  busy = false,
}: {
  draft: EndpointDraft;
  summary: EffectiveEndpointSummary | undefined;
  /** The organisation's endpoint, read-only (lockSettings). */
  locked?: boolean;
  errors: FieldErrors;
  problem: DeliveryState['problem'];
  unsavedChanges: boolean;
  /** Receives an update of the current draft (several may arrive before the next render). */
  onChange: (update: (draft: EndpointDraft) => EndpointDraft) => void;
  testEndpoint: () => Promise<Result<EndpointTestResult>>;
  /** The browser's permission was refused or not answered: the URL stays, with "Ask again". */
  permission?: PermissionProblem;
  askAgain?: () => void;
  busy?: boolean;
}) {
  const events = draft.format === 'sourced.v1';
  const origin = endpointOrigin(draft.url);
  const newOrigin =
    !locked && origin !== undefined && origin !== endpointOrigin(summary?.url ?? '');
  return (
    <section class="card" aria-labelledby="endpoint-title">
      <h2 id="endpoint-title">Recognition endpoint</h2>
      <p class="muted">Where submitted captures are delivered. Drafts never leave this browser.</p>
      {locked ? (
        <p class="managed-field">
          <strong>{SET_BY_ORGANISATION}.</strong> The endpoint and its credentials come from your
          organisation&rsquo;s policy; its secrets are never shown.
        </p>
      ) : summary?.source === 'policy' ? (
        <p class="managed-field">
          <strong>Default from your organisation.</strong> Changing it replaces your
          organisation&rsquo;s endpoint on this browser; its secrets are not carried over.
        </p>
      ) : null}
      {problem ? (
        <p class="error" role="alert" data-testid="endpoint-problem">
          {problem.message}
        </p>
      ) : null}
      <label>
        Endpoint URL
        <input
          type="url"
          data-testid="endpoint-url"
          placeholder="https://recognition.example.com/sourced"
          spellcheck={false}
          autoComplete="off"
          value={draft.url}
          readOnly={locked}
          aria-readonly={locked || undefined}
          onInput={(event) => {
            const url = event.currentTarget.value;
            onChange((d) => ({ ...d, url }));
          }}
          {...errorProps(errors, 'endpoint-url')}
        />
        {/* Said before the browser asks, so that its prompt is expected and understood. */}
        <span class="hint" aria-live="polite">
          https:// only (http:// is allowed for localhost).{' '}
          {newOrigin
            ? `When you save, your browser will ask to allow Sourced to send to ${origin} (unless it already may): captures go there and nowhere else.`
            : 'Saving asks the browser for access to this site if Sourced does not have it yet.'}
        </span>
        <FieldError errors={errors} id="endpoint-url" />
      </label>
      {permission && askAgain ? (
        <p class="permission-retry">
          <button type="button" data-testid="endpoint-ask-again" disabled={busy} onClick={askAgain}>
            Ask again for {permission.origin}
          </button>
        </p>
      ) : null}
      <label>
        Format
        <select
          data-testid="endpoint-format"
          value={draft.format}
          disabled={locked}
          onChange={(event) => {
            const format = event.currentTarget.value as EndpointFormat;
            onChange((d) => ({ ...d, format }));
          }}
          {...errorProps(errors, 'endpoint-format')}
        >
          {ENDPOINT_FORMATS.map((format) => (
            <option key={format} value={format}>
              {FORMAT_LABELS[format]}
            </option>
          ))}
        </select>
        <FieldError errors={errors} id="endpoint-format" />
      </label>
      <SecretField
        label="Bearer token"
        hint={
          events
            ? 'Sent as Authorization: Bearer …'
            : 'Slack and Teams webhook URLs carry their own key; a token is usually not needed.'
        }
        testId="endpoint-token"
        saved={summary?.tokenSet ?? false}
        locked={locked}
        draft={draft.token}
        errors={errors}
        onChange={(token) => onChange((d) => ({ ...d, token }))}
      />
      <SecretField
        label="Signing secret"
        hint={
          events
            ? 'whsec_… from your endpoint: each delivery is signed (Standard Webhooks).'
            : 'Only sourced.v1 deliveries are signed.'
        }
        testId="endpoint-secret"
        saved={summary?.signingSecretSet ?? false}
        locked={locked}
        draft={draft.signingSecret}
        errors={errors}
        onChange={(signingSecret) => onChange((d) => ({ ...d, signingSecret }))}
      />
      <HeaderList
        headers={draft.headers}
        locked={locked}
        errors={errors}
        onChange={(update) => onChange((d) => ({ ...d, headers: update(d.headers) }))}
      />
      <EndpointTest
        saved={summary !== undefined}
        unsavedChanges={unsavedChanges}
        testEndpoint={testEndpoint}
      />
    </section>
  );
}
