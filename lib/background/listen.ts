/**
 * The background's listeners: each protocol on its own messenger, each message type through its
 * handler's sender check, schema and dispatch. The reply types follow the protocols (no casts at
 * the boundary): a handler of the wrong type does not compile.
 */
import type { ContentProtocol, FormProtocol, PageProtocol } from '../messages';
import { onContentMessage } from '../messaging/content';
import { onFormMessage } from '../messaging/form';
import { onPageMessage } from '../messaging/page';
import {
  CONTENT_REQUEST_SCHEMAS,
  FORM_REQUEST_SCHEMAS,
  PAGE_REQUEST_SCHEMAS,
} from '../message-schemas';
import { handleContentMessage, type ContentHandlers } from './content-handlers';
import { handleFormMessage, type FormHandlers } from './form-sessions';
import { handlePageMessage, type PageHandlers } from './page-handlers';

export interface Extension {
  id: string;
  /** The origin of the extension's own pages (`chrome-extension://<id>/`). */
  origin: string;
}

export function listenToContentScripts(extensionId: string, handlers: ContentHandlers): void {
  const listen = <K extends keyof ContentProtocol>(type: K) =>
    onContentMessage(type, ({ data, sender }) =>
      handleContentMessage(type, data, sender, extensionId, handlers),
    );
  for (const type of Object.keys(CONTENT_REQUEST_SCHEMAS) as (keyof ContentProtocol)[])
    listen(type);
}

export function listenToPages(extension: Extension, handlers: PageHandlers): void {
  const listen = <K extends keyof PageProtocol>(type: K) =>
    onPageMessage(type, ({ data, sender }) =>
      handlePageMessage(type, data, sender, extension, handlers),
    );
  for (const type of Object.keys(PAGE_REQUEST_SCHEMAS) as (keyof PageProtocol)[]) listen(type);
}

/** The in-page form's frame (an extension page in a site's tab): its own messenger and checks. */
export function listenToFormFrames(extension: Extension, handlers: FormHandlers): void {
  const listen = <K extends keyof FormProtocol>(type: K) =>
    onFormMessage(type, ({ data, sender }) =>
      handleFormMessage(type, data, sender, extension, handlers),
    );
  for (const type of Object.keys(FORM_REQUEST_SCHEMAS) as (keyof FormProtocol)[]) listen(type);
}
