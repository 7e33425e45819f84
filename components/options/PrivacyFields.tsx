/** How much of a post a capture keeps, and what leaves this browser, in plain words. */
import type { ComponentChildren } from 'preact';
import type { EndpointSummary } from '../../lib/endpoint-settings';
import { MAX_EXCERPT_LENGTH } from '../../lib/settings';
import type { OrganisationRules } from '../../lib/settings/effective';
import { SET_BY_ORGANISATION } from './ManagedNotice';
import { errorProps, FieldError } from './FieldError';
import type { FieldErrors, PrivacyDraft } from '../../lib/settings-draft';

function destination(summary: EndpointSummary | undefined): string {
  if (!summary) return 'No endpoint is set, so nothing leaves this browser yet.';
  const host = new URL(summary.url).host;
  const kind =
    summary.format === 'slack'
      ? ' (a Slack channel)'
      : summary.format === 'teams'
        ? ' (a Teams channel)'
        : '';
  return `They go to ${host}${kind}, the endpoint set above, and nowhere else.`;
}

export function PrivacyStatement({ summary }: { summary: EndpointSummary | undefined }) {
  return (
    <div class="privacy-statement" data-testid="privacy-statement">
      <h3>What leaves this browser</h3>
      <p>
        Only the captures you <strong>submit</strong>. Each one holds: the post’s link, its author’s
        profile link and handle (and name, if kept), the first characters of its text as set above,
        a fingerprint (SHA-256) of the full text, the outcome you entered, and your identity from
        this page. {destination(summary)}
      </p>
      <p>
        Drafts, the sync log, these settings and your exports stay on this device. Sourced has no
        server of its own, no analytics and no tracking; it reads only the posts you flag.
      </p>
    </div>
  );
}

export function PrivacyFields({
  draft,
  locked,
  errors,
  summary,
  onChange,
  children,
}: {
  draft: PrivacyDraft;
  /** Fields the organisation's policy sets (read-only). */
  locked?: Pick<OrganisationRules, 'excerptLength' | 'keepAuthorNames'>;
  errors: FieldErrors;
  summary: EndpointSummary | undefined;
  onChange: (change: Partial<PrivacyDraft>) => void;
  /** The "delete all local data" control. */
  children?: ComponentChildren;
}) {
  return (
    <section class="card" aria-labelledby="privacy-title">
      <h2 id="privacy-title">Privacy</h2>
      <label>
        Characters of the post text a capture keeps
        <input
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_EXCERPT_LENGTH}
          step={1}
          data-testid="privacy-excerpt-length"
          value={draft.excerptLength}
          readOnly={locked?.excerptLength}
          aria-readonly={locked?.excerptLength || undefined}
          onInput={(event) => onChange({ excerptLength: event.currentTarget.value })}
          {...errorProps(errors, 'privacy-excerpt-length')}
        />
        {locked?.excerptLength ? <span class="managed-field">{SET_BY_ORGANISATION}</span> : null}
        <span class="hint">
          0 to {MAX_EXCERPT_LENGTH}; 0 keeps none (the fingerprint still identifies the post).
          Applies to captures made from now on.
        </span>
        <FieldError errors={errors} id="privacy-excerpt-length" />
      </label>
      <label class="checkbox">
        <input
          type="checkbox"
          data-testid="privacy-author-names"
          checked={draft.keepAuthorNames}
          disabled={locked?.keepAuthorNames}
          onChange={(event) => onChange({ keepAuthorNames: event.currentTarget.checked })}
        />
        Keep the names of post authors (their profile links are kept either way)
        {locked?.keepAuthorNames ? (
          <span class="managed-field"> — {SET_BY_ORGANISATION}</span>
        ) : null}
      </label>
      <PrivacyStatement summary={summary} />
      {children}
    </section>
  );
}
