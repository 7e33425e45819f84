/**
 * The popup's first script, a classic one that runs before its modules load: it starts reading
 * the newest captures (components/popup/first-page.ts). Listed in entrypoints/popup/index.html.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startFirstPage } from '../components/popup/first-page';

export default defineUnlistedScript(() => startFirstPage());
