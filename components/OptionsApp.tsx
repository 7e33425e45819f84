/**
 * The options page: identity, endpoint and privacy settings; exports, import; the sync log; the
 * debug log (Advanced).
 */
import { useState } from 'preact/hooks';
import { AdvancedSettings } from './options/AdvancedSettings';
import { ExportPanel } from './options/ExportPanel';
import { ImportPanel } from './options/ImportPanel';
import type { OptionsServices } from './options/services';
import { SettingsForm } from './options/SettingsForm';
import { SyncLogView } from './options/SyncLogView';

export function OptionsApp({ services }: { services: OptionsServices }) {
  // After "delete all local data" the form starts over from what storage now holds (nothing).
  const [generation, setGeneration] = useState(0);
  const [deleted, setDeleted] = useState(false);
  return (
    <main class="options">
      <h1>Sourced settings</h1>
      {deleted ? (
        <p class="saved" role="status" data-testid="delete-all-result">
          All local data was deleted from this browser.
        </p>
      ) : null}
      <SettingsForm
        key={generation}
        services={services}
        onDeleted={() => {
          setDeleted(true);
          setGeneration(generation + 1);
        }}
      />
      <ExportPanel services={services} />
      <ImportPanel services={services} />
      <SyncLogView db={services.db} />
      <AdvancedSettings services={services} />
    </main>
  );
}
