/**
 * The post reader: everything that reads a post in full (the adapters' `extract`, their word
 * tables in seven languages, text and grapheme handling) and the layout check. The content script
 * does not carry it: a flag needs only its post's key (`PostLocator`), so the reader is injected
 * into the page's content-script world the first time it is needed (a click on a flag, a post
 * whose key only a full read can tell, a sampled layout check; see components/in-page/reader.ts).
 */
import { readSwitchOnDemand } from '../debug-log';
import { onDemand, setDebug } from './debug-log';
import { ADAPTERS } from './index';
import { layoutHealthSteps } from './layout-health';
import { READER_GLOBAL, type PostReader } from './reader-handle';
import type { Platform, SiteAdapter } from './types';

function adapterOf(platform: Platform): SiteAdapter {
  const adapter = ADAPTERS.find((a) => a.platform === platform);
  if (!adapter) throw new Error(`No adapter for ${platform}`);
  return adapter;
}

export const postReader: PostReader = {
  extract: (platform, postEl, page) => adapterOf(platform).extract(postEl, page),
  layoutHealthSteps: (platform, doc, page) => layoutHealthSteps(doc, adapterOf(platform), page),
};

/**
 * Leave the reader where the content script looks for it (reader-handle.ts), and let the
 * adapters' debug log (lib/sites/debug-log.ts, this bundle's copy) follow the stored switch once
 * it has something to say.
 */
export function installReader(
  world: Record<string, unknown> = globalThis as unknown as Record<string, unknown>,
): void {
  // A second injection (two clicks racing) keeps the first reader.
  if (world[READER_GLOBAL]) return;
  Object.defineProperty(world, READER_GLOBAL, { value: postReader, enumerable: false });
  readSwitchOnDemand({ onDemand, apply: setDebug });
}
