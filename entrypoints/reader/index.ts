import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { installReader } from '../../lib/sites/reader';

/**
 * The post reader (lib/sites/reader.ts), injected by the background into a LinkedIn or X frame's
 * content-script world when the content script asks for it (lib/background/content-handlers.ts).
 */
export default defineUnlistedScript(() => {
  installReader();
});
