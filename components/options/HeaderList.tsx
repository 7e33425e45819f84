/** Custom request headers (for an auth proxy, say): names shown, values treated as secrets. */
import { MAX_CUSTOM_HEADERS } from '../../lib/delivery/endpoint-config';
import { FieldError } from './FieldError';
import { newHeaderKey, type FieldErrors, type HeaderDraft } from '../../lib/settings-draft';

export function HeaderList({
  headers,
  locked = false,
  errors,
  onChange,
}: {
  headers: HeaderDraft[];
  /** Set by the organisation's policy: names shown, values hidden, nothing editable. */
  locked?: boolean;
  errors: FieldErrors;
  /** Receives an update of the current list (several may arrive before the next render). */
  onChange: (update: (headers: HeaderDraft[]) => HeaderDraft[]) => void;
}) {
  const update = (key: number, change: Partial<HeaderDraft>) =>
    onChange((current) => current.map((h) => (h.key === key ? { ...h, ...change } : h)));
  return (
    <fieldset class="headers" data-testid="endpoint-headers">
      <legend>Custom headers</legend>
      {headers.length === 0 ? <p class="hint">None. Most endpoints need none.</p> : null}
      {headers.map((header, index) => {
        const id = `endpoint-headers.${index}`;
        const saved = header.savedName !== undefined;
        return (
          <div class="header-row" key={header.key}>
            <input
              aria-label={`Header ${index + 1} name`}
              data-testid="endpoint-header-name"
              placeholder="X-Api-Key"
              spellcheck={false}
              value={header.name}
              readOnly={locked}
              aria-invalid={Boolean(errors[id])}
              onInput={(event) => update(header.key, { name: event.currentTarget.value })}
            />
            <input
              type="password"
              aria-label={`Header ${index + 1} value`}
              data-testid="endpoint-header-value"
              autoComplete="new-password"
              placeholder={
                locked
                  ? 'Set by your organisation (hidden)'
                  : saved
                    ? 'Saved (hidden) — type to replace'
                    : 'Value'
              }
              disabled={locked}
              value={header.value}
              aria-invalid={Boolean(errors[id])}
              onInput={(event) => update(header.key, { value: event.currentTarget.value })}
            />
            <button
              type="button"
              data-testid="endpoint-header-remove"
              disabled={locked}
              aria-label={`Remove header ${header.name || index + 1}`}
              onClick={() => onChange((current) => current.filter((h) => h.key !== header.key))}
            >
              Remove
            </button>
            <FieldError errors={errors} id={id} />
          </div>
        );
      })}
      <button
        type="button"
        data-testid="endpoint-header-add"
        disabled={locked || headers.length >= MAX_CUSTOM_HEADERS}
        onClick={() =>
          onChange((current) => [...current, { key: newHeaderKey(), name: '', value: '' }])
        }
      >
        Add header
      </button>
      <FieldError errors={errors} id="endpoint-headers" />
    </fieldset>
  );
}
