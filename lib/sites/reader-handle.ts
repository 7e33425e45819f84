/**
 * Where the content script finds the post reader once it is in the page. The reader
 * (lib/sites/reader.ts, built as `reader.js` by entrypoints/reader) is injected by the background
 * into the frame's content-script world — the isolated world the content script itself runs in,
 * shared by an extension's scripts in one frame and invisible to the page's scripts — and leaves
 * itself on that world's global object under this name.
 */
import type { LayoutHealth } from './layout-health';
import type { ExtractedPost, Platform } from './types';

export const READER_GLOBAL = '__sourcedPostReader';

export interface PostReader {
  /** The full read of a post (the site adapter's `extract`), done at a click. */
  extract(platform: Platform, postEl: Element, page: URL): ExtractedPost;
  /** The layout check (lib/sites/layout-health.ts) of the page in `doc`, step by step. */
  layoutHealthSteps(
    platform: Platform,
    doc: Document,
    page: URL,
  ): Generator<void, LayoutHealth, void>;
}

/** The reader if it is in this world already. */
export function installedReader(
  world: Record<string, unknown> = globalThis as unknown as Record<string, unknown>,
): PostReader | undefined {
  const reader = world[READER_GLOBAL] as PostReader | undefined;
  return typeof reader?.extract === 'function' && typeof reader.layoutHealthSteps === 'function'
    ? reader
    : undefined;
}
