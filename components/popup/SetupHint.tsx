/** First run: what is missing before a win can be credited and delivered, with the way there. */
import type { SettingsSection } from './services';

export interface SetupHintProps {
  needsIdentity: boolean;
  needsEndpoint: boolean;
  openSettings: (section: SettingsSection) => void;
}

export function SetupHint({ needsIdentity, needsEndpoint, openSettings }: SetupHintProps) {
  if (!needsIdentity && !needsEndpoint) return null;
  return (
    <section class="setup-hint" data-testid="first-run-hint" aria-labelledby="setup-hint-title">
      <strong id="setup-hint-title">Finish setting up Sourced</strong>
      <ul>
        {needsIdentity ? (
          <li>
            <span>Your name or work email credits your wins to you.</span>
            <button type="button" class="link" onClick={() => openSettings('identity')}>
              Add your identity
            </button>
          </li>
        ) : null}
        {needsEndpoint ? (
          <li>
            <span>Without your company&rsquo;s endpoint, captures stay in this browser.</span>
            <button type="button" class="link" onClick={() => openSettings('endpoint')}>
              Set up delivery
            </button>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
