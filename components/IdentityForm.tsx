/** Who the captures come from: sent with each capture so the company can recognise the person. */
import { useEffect, useState } from 'preact/hooks';
import { z } from 'zod';
import { IdentitySchema, identityItem, type Identity } from '../lib/settings';

const FIELDS = [
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

type Draft = Record<(typeof FIELDS)[number]['key'], string>;

export function IdentityForm() {
  const [draft, setDraft] = useState<Draft>({ name: '', email: '', employeeId: '', team: '' });
  const [message, setMessage] = useState<{ kind: 'error' | 'saved'; text: string } | null>(null);

  useEffect(() => {
    void identityItem.getValue().then((identity) =>
      setDraft({
        name: identity.name ?? '',
        email: identity.email ?? '',
        employeeId: identity.employeeId ?? '',
        team: identity.team ?? '',
      }),
    );
  }, []);

  async function save(event: Event) {
    event.preventDefault();
    const candidate = Object.fromEntries(
      Object.entries(draft)
        .map(([key, value]) => [key, value.trim()])
        .filter(([, value]) => value !== ''),
    );
    const parsed = IdentitySchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = FIELDS.find((f) => f.key === issue?.path[0]);
      setMessage({
        kind: 'error',
        text: `${field?.label ?? 'A field'}: ${issue?.code === 'invalid_format' ? 'not a valid address' : (issue?.message ?? z.prettifyError(parsed.error))}`,
      });
      return;
    }
    await identityItem.setValue(parsed.data satisfies Identity);
    setMessage({ kind: 'saved', text: 'Saved.' });
  }

  return (
    <form class="card" onSubmit={(event) => void save(event)}>
      <h2>Identity</h2>
      <p class="muted">Sent with every capture, so the win is credited to you.</p>
      {FIELDS.map((field) => (
        <label key={field.key}>
          {field.label}
          <input
            type={field.type as 'text'}
            data-testid={field.testId}
            autoComplete={field.autoComplete}
            value={draft[field.key]}
            onInput={(event) => setDraft({ ...draft, [field.key]: event.currentTarget.value })}
          />
        </label>
      ))}
      {message?.kind === 'error' ? (
        <p class="error" role="alert" data-testid="settings-error">
          {message.text}
        </p>
      ) : message ? (
        <p class="saved" role="status">
          {message.text}
        </p>
      ) : null}
      <button type="submit" data-testid="settings-save">
        Save
      </button>
    </form>
  );
}
