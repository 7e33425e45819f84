/**
 * The content script's way to the post reader (lib/sites/reader-handle.ts): asked of the
 * background the first time it is needed — a click on a flag, a post whose key only a full read
 * can tell, a sampled layout check — and then kept. Until then a page pays nothing for reading
 * posts, which most pages never do.
 */
import { installedReader, type PostReader } from '../../lib/sites/reader-handle';

/** The content messenger's send, narrowed to this message (lib/messaging/content.ts). */
export type SendLoadReader = (
  type: 'loadReader',
  data: Record<string, never>,
) => Promise<{ ok: true; value: null } | { ok: false; error: string }>;

/** The reader could not be loaded; the message is for the person who clicked. */
export class ReaderUnavailable extends Error {
  override name = 'ReaderUnavailable';
}

export interface ReaderLoader {
  /** The reader, loaded if need be; rejects with a message for the person when it cannot be. */
  load(): Promise<PostReader>;
  /** The reader if it is here already. */
  now(): PostReader | undefined;
}

export function readerLoader(
  send: SendLoadReader,
  find: () => PostReader | undefined = installedReader,
): ReaderLoader {
  let loading: Promise<PostReader> | undefined;
  const load = async () => {
    const found = find();
    if (found) return found;
    const loaded = await send('loadReader', {});
    if (!loaded.ok) throw new ReaderUnavailable(loaded.error);
    const reader = find();
    if (!reader) {
      throw new ReaderUnavailable(
        'Sourced could not read this post: reload the page and try again.',
      );
    }
    return reader;
  };
  return {
    now: find,
    load() {
      // One request however many ask at once; a failure may be retried by the next asker.
      loading ??= load().catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
      return loading;
    },
  };
}
