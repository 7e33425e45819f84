import { render } from 'preact';
import { PopupApp } from '../../components/PopupApp';
import '../../components/extension-page.css';

render(<PopupApp />, document.getElementById('app')!);
