// No Zod on the way to the first rows: the operations module that carries it (and makes it
// jitless first) loads after them (components/popup/load-operations.ts).
import { render } from 'preact';
import { PopupApp } from '../../components/PopupApp';
import { dropFirstScreen, takeFirstPage } from '../../components/popup/first-page';
import { browserServices } from '../../components/popup/services';
import '../../components/extension-page.css';

// Every static import is loaded and evaluated by now: the benchmark separates this from the
// time the list needs (`sourced:first-rows`, marked by CaptureList).
performance.mark('sourced:scripts-loaded');
const services = browserServices();
// The first page, read (and shown, inert) by the page's first script while these modules loaded:
// the first render shows the same rows, live, without waiting for Dexie to open the database and
// query it, and takes the place of that first screen before the next paint.
void takeFirstPage().then((firstPage) => {
  render(<PopupApp services={services} firstPage={firstPage} />, document.getElementById('app')!);
  dropFirstScreen();
  // The live queries open the database anyway; this starts it before their effects run. A
  // failure shows in the list's own query.
  void services.db.open().catch(() => {});
});
