/**
 * What the organisation set through browser management (managed-config.md), in words: which
 * settings are read-only, which are defaults, and which policy keys were ignored and why. Never
 * a secret's value: only that the organisation set one.
 */
import type { EffectiveSettings } from '../../lib/settings/effective';
import type { ManagedKey } from '../../lib/settings/managed';

const KEY_LABELS: Record<ManagedKey, string> = {
  endpointUrl: 'the recognition endpoint',
  endpointFormat: 'its format',
  endpointToken: 'its bearer token',
  endpointSigningSecret: 'its signing secret',
  endpointHeaders: 'its custom headers',
  teams: 'the list of teams',
  employeeEmailDomain: 'the email domain',
  privacyExcerptLength: 'the characters of post text kept',
  privacyAuthorNames: 'whether authors’ names are kept',
  lockSettings: '',
};

export const SET_BY_ORGANISATION = 'Set by your organisation';

function sentence(parts: string[]): string {
  return parts.length <= 1
    ? (parts[0] ?? '')
    : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export function ManagedNotice({ settings }: { settings: EffectiveSettings }) {
  const { policy } = settings;
  const set = policy.applied.filter((key) => key !== 'lockSettings');
  if (set.length === 0 && policy.notices.length === 0) return null;
  const labels = set.map((key) => {
    if (key === 'employeeEmailDomain' && policy.emailDomain) {
      return `the email domain (${policy.emailDomain})`;
    }
    if (key === 'privacyExcerptLength' && policy.excerptLength !== undefined) {
      return `the characters of post text kept (${policy.excerptLength})`;
    }
    return KEY_LABELS[key];
  });
  return (
    <section
      class="card managed-notice"
      data-testid="managed-notice"
      aria-labelledby="managed-title"
    >
      <h2 id="managed-title">{SET_BY_ORGANISATION}</h2>
      {set.length > 0 ? (
        <p>
          Your organisation set {sentence(labels)}.{' '}
          {policy.lock
            ? 'These settings are read-only here; the rest are yours to fill in.'
            : 'These are defaults: you may change them here.'}
          {policy.endpoint ? ' Its secrets are never shown.' : ''}
        </p>
      ) : null}
      {policy.notices.length > 0 ? (
        <div class="error" role="alert">
          <p>Some of your organisation’s settings were ignored; tell your IT administrator:</p>
          <ul>
            {policy.notices.map((notice) => (
              <li key={`${notice.key}:${notice.message}`}>{notice.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
