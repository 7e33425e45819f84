import { render } from 'preact';
import { OptionsApp } from '../../components/OptionsApp';
import '../../components/extension-page.css';

render(<OptionsApp />, document.getElementById('app')!);
