/** The options page: who you are; later issues add the endpoint, privacy and exports. */
import { IdentityForm } from './IdentityForm';

export function OptionsApp() {
  return (
    <main class="options">
      <h1>Sourced settings</h1>
      <IdentityForm />
    </main>
  );
}
