/** Who the captures come from: sent with each capture so the company can recognise the person. */
import { errorProps, FieldError } from './options/FieldError';
import { IDENTITY_FIELDS, type FieldErrors, type IdentityDraft } from '../lib/settings-draft';

export function IdentityFields({
  draft,
  errors,
  onChange,
}: {
  draft: IdentityDraft;
  errors: FieldErrors;
  /** A change to merge into the current draft (several may arrive before the next render). */
  onChange: (change: Partial<IdentityDraft>) => void;
}) {
  return (
    <section class="card" aria-labelledby="identity-title">
      <h2 id="identity-title">Identity</h2>
      <p class="muted">Sent with every capture, so the win is credited to you.</p>
      {IDENTITY_FIELDS.map((field) => (
        <label key={field.key}>
          {field.label}
          <input
            type={field.type as 'text'}
            data-testid={field.testId}
            autoComplete={field.autoComplete}
            value={draft[field.key]}
            onInput={(event) => onChange({ [field.key]: event.currentTarget.value })}
            {...errorProps(errors, field.testId)}
          />
          <FieldError errors={errors} id={field.testId} />
        </label>
      ))}
    </section>
  );
}
