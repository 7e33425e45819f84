import { defineContentScript } from 'wxt/utils/define-content-script';
import { startContentApp } from '../../components/in-page/content-app';
import { SITE_MATCHES } from '../../lib/hosts';

export default defineContentScript({
  matches: [...SITE_MATCHES],
  runAt: 'document_idle',
  main(ctx) {
    startContentApp(ctx);
  },
});
