// First: Zod must be jitless before any schema is built (see the module).
import '../../lib/zod-jitless';
import { render } from 'preact';
import { OptionsApp } from '../../components/OptionsApp';
import { browserServices } from '../../components/options/services';
import '../../components/extension-page.css';

render(<OptionsApp services={browserServices()} />, document.getElementById('app')!);
