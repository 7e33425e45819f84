/** Who the captures come from: sent with each capture so the company can recognise the person. */
import { errorProps, FieldError } from './options/FieldError';
import { IDENTITY_FIELDS, type FieldErrors, type IdentityDraft } from '../lib/settings-draft';
import type { OrganisationRules } from '../lib/settings/effective';

export function IdentityFields({
  draft,
  errors,
  rules,
  onChange,
}: {
  draft: IdentityDraft;
  errors: FieldErrors;
  /** The organisation's list of teams and email domain, when its policy gives them. */
  rules?: Pick<OrganisationRules, 'lock' | 'teams' | 'emailDomain'>;
  /** A change to merge into the current draft (several may arrive before the next render). */
  onChange: (change: Partial<IdentityDraft>) => void;
}) {
  const teams = rules?.teams;
  return (
    <section class="card" aria-labelledby="identity-title">
      <h2 id="identity-title">Identity</h2>
      <p class="muted">Sent with every capture, so the win is credited to you.</p>
      {IDENTITY_FIELDS.map((field) => {
        const common = {
          'data-testid': field.testId,
          value: draft[field.key],
          ...errorProps(errors, field.testId),
        };
        let input;
        if (field.key === 'team' && teams && rules?.lock) {
          // The organisation's teams only: a select, with the saved team kept visible if the list
          // no longer holds it (the save then says why it is refused).
          const options =
            teams.includes(draft.team) || draft.team === '' ? teams : [draft.team, ...teams];
          input = (
            <select {...common} onChange={(event) => onChange({ team: event.currentTarget.value })}>
              <option value="">Choose your team</option>
              {options.map((team) => (
                <option key={team} value={team}>
                  {team}
                </option>
              ))}
            </select>
          );
        } else {
          input = (
            <input
              {...common}
              type={field.type as 'text'}
              autoComplete={field.autoComplete}
              list={field.key === 'team' && teams ? 'organisation-teams' : undefined}
              placeholder={
                field.key === 'email' && rules?.emailDomain
                  ? `name@${rules.emailDomain}`
                  : undefined
              }
              onInput={(event) => onChange({ [field.key]: event.currentTarget.value })}
            />
          );
        }
        return (
          <label key={field.key}>
            {field.label}
            {input}
            {field.key === 'team' && teams ? (
              <span class="hint">
                {rules?.lock ? 'Your organisation’s list.' : 'Suggested by your organisation.'}
              </span>
            ) : null}
            {field.key === 'email' && rules?.emailDomain ? (
              <span class="hint">
                {rules.lock
                  ? `Your organisation accepts only addresses ending in @${rules.emailDomain}.`
                  : `Your organisation suggests an address ending in @${rules.emailDomain}.`}
              </span>
            ) : null}
            <FieldError errors={errors} id={field.testId} />
          </label>
        );
      })}
      {teams && !rules?.lock ? (
        <datalist id="organisation-teams">
          {teams.map((team) => (
            <option key={team} value={team} />
          ))}
        </datalist>
      ) : null}
    </section>
  );
}
