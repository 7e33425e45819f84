import { defineContentScript } from 'wxt/utils/define-content-script';
import { startContentApp } from '../../components/in-page/content-app';
import { SITE_MATCHES } from '../../lib/hosts';

export default defineContentScript({
  matches: [...SITE_MATCHES],
  runAt: 'document_idle',
  // WXT would otherwise announce every start with window.postMessage: the page would learn the
  // extension id, and with it the event name that switches this script off.
  noScriptStartedPostMessage: true,
  main(ctx) {
    startContentApp(ctx);
  },
});
