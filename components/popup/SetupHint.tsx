/** First run: what is missing before a win can be credited and delivered, with the way there. */
import type { SettingsSection } from './services';

export interface SetupHintProps {
  needsIdentity: boolean;
  needsEndpoint: boolean;
  openSettings: (section: SettingsSection) => void;
}

export function SetupHint({ needsIdentity, needsEndpoint, openSettings }: SetupHintProps) {
  if (!needsIdentity && !needsEndpoint) return null;
  // Two short lines at most: the list below is what the popup is for.
  return (
    <section class="setup-hint" data-testid="first-run-hint" aria-labelledby="setup-hint-title">
      <p class="setup-actions">
        <strong id="setup-hint-title">Finish setup:</strong>
        {needsIdentity ? (
          <button type="button" class="link" onClick={() => openSettings('identity')}>
            Add your identity
          </button>
        ) : null}
        {needsIdentity && needsEndpoint ? <span aria-hidden="true">·</span> : null}
        {needsEndpoint ? (
          <button type="button" class="link" onClick={() => openSettings('endpoint')}>
            Set up delivery
          </button>
        ) : null}
      </p>
      <p class="setup-why">
        {needsIdentity ? 'Your name or email credits your wins to you. ' : ''}
        {needsEndpoint ? 'Without an endpoint, captures stay in this browser.' : ''}
      </p>
    </section>
  );
}
