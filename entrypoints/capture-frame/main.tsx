/**
 * The capture form of LinkedIn and X pages, as an extension page the content script frames into
 * the site: the site can neither read nor script it, nor see what is typed in it.
 */
import { render } from 'preact';
import { FrameApp } from '../../components/capture-frame/FrameApp';
import { frameServices } from '../../components/capture-frame/services';
import '../../components/capture-frame/frame.css';

render(<FrameApp services={frameServices()} />, document.getElementById('app')!);
