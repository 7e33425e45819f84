// No Zod on the way to the first rows: the operations module that carries it (and makes it
// jitless first) loads after them (components/popup/load-operations.ts).
import { render } from 'preact';
import { PopupApp } from '../../components/PopupApp';
import { browserServices } from '../../components/popup/services';
import '../../components/extension-page.css';

// Every static import is loaded and evaluated by now: the benchmark separates this from the
// time the list needs (`sourced:first-rows`, marked by CaptureList).
performance.mark('sourced:scripts-loaded');
const services = browserServices();
// Open the database while the first render runs; a failure shows in the list's own query.
void services.db.open().catch(() => {});
render(<PopupApp services={services} />, document.getElementById('app')!);
