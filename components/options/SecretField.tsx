/**
 * A secret input that never shows a saved secret: once saved, the field is empty and says so; a
 * value typed replaces the secret, "Remove" deletes it. The saved value never reaches this page's
 * DOM (the form only knows whether one is set).
 */
import { errorProps, FieldError } from './FieldError';
import type { FieldErrors, SecretDraft } from '../../lib/settings-draft';

export function SecretField({
  label,
  hint,
  testId,
  saved,
  locked = false,
  draft,
  errors,
  onChange,
}: {
  label: string;
  hint: string;
  testId: string;
  saved: boolean;
  /** Given by the organisation's policy: read-only, and never shown. */
  locked?: boolean;
  draft: SecretDraft;
  errors: FieldErrors;
  onChange: (draft: SecretDraft) => void;
}) {
  const placeholder = locked
    ? saved
      ? 'Set by your organisation (hidden)'
      : 'Not set by your organisation'
    : !saved
      ? 'Not set'
      : draft.clear
        ? 'Will be removed when you save'
        : 'Saved (hidden) — type to replace';
  return (
    <label>
      {label}
      <span class="secret-row">
        <input
          type="password"
          data-testid={testId}
          autoComplete="new-password"
          spellcheck={false}
          placeholder={placeholder}
          value={draft.value}
          disabled={draft.clear || locked}
          onInput={(event) => onChange({ value: event.currentTarget.value, clear: false })}
          {...errorProps(errors, testId)}
        />
        {saved && !locked && draft.value === '' ? (
          <button
            type="button"
            data-testid={`${testId}-clear`}
            onClick={() => onChange({ value: '', clear: !draft.clear })}
          >
            {draft.clear ? 'Keep' : 'Remove'}
          </button>
        ) : null}
      </span>
      <span class="hint">{hint}</span>
      <FieldError errors={errors} id={testId} />
    </label>
  );
}
