/**
 * The background's side of `loadReader`: run the post reader's file (entrypoints/reader, built as
 * `reader.js`) in one frame of a tab. Chrome and Edge (MV3) have `scripting.executeScript`, which
 * runs it in the extension's isolated world — the content script's; Firefox's MV2 build has
 * `tabs.executeScript`, which runs it in the content script's sandbox. Either way the page's own
 * scripts cannot see it.
 */
import { UserFacingError } from '../errors';

export const READER_FILE = '/reader.js';

export interface ScriptingApi {
  executeScript(injection: {
    target: { tabId: number; frameIds: number[] };
    files: string[];
    injectImmediately?: boolean;
  }): Promise<unknown>;
}

export interface TabsScriptApi {
  executeScript(tabId: number, details: { file: string; frameId: number }): Promise<unknown>;
}

export function readerInjector(api: {
  scripting?: ScriptingApi;
  tabs?: Partial<TabsScriptApi>;
}): (tabId: number, frameId: number) => Promise<void> {
  return async (tabId, frameId) => {
    if (api.scripting?.executeScript) {
      // The page is past document_idle (its content script asks): no reason to wait for it.
      await api.scripting.executeScript({
        target: { tabId, frameIds: [frameId] },
        files: [READER_FILE],
        injectImmediately: true,
      });
      return;
    }
    if (api.tabs?.executeScript) {
      await api.tabs.executeScript(tabId, { file: READER_FILE, frameId });
      return;
    }
    throw new UserFacingError(
      'This browser cannot give Sourced’s flags what they need to read a post.',
    );
  };
}
