/**
 * What every site adapter (one module per site under lib/sites/) provides. Adapters only read the
 * DOM: they never change it, never trust it, and return plain data.
 */
import type { Capture, Person, Post } from '../capture';

export type Platform = Capture['platform'];

/** A post as read from the page, before privacy rules shorten it in the background. */
export interface ExtractedPost {
  platform: Platform;
  /** LinkedIn URN or X status id (always a string); absent when it could not be read. */
  id?: string;
  /** Canonical permalink; the page URL when the post has none (ads) or the id is unreadable. */
  url: string;
  kind: Post['kind'];
  author: Person;
  postedAt?: string;
  /** Normalised full text: emoji as alt text, see-more controls removed, whitespace collapsed. */
  text: string;
  /** The shared post of a quote (or a repost's original on LinkedIn's reshare box). */
  quoted?: { id?: string; url?: string; author?: Person; postedAt?: string };
  repostedBy?: Person;
  /** The adapter recognised a post but could not read all of it; `missing` says what. */
  partial?: boolean;
  missing?: string[];
  /**
   * Stable key of the post on this page: the id when there is one, else a content key
   * (`key:<…>`), so that one post gets one flag and one capture.
   */
  key: string;
}

/**
 * What the content script needs to keep a flag on every post: find posts, key them, place the
 * flag. Nothing here reads a post in full: that code (the site's `extract`, its word tables, the
 * layout check) is the post reader, loaded into the page only when needed (lib/sites/reader.ts).
 */
export interface PostLocator {
  platform: Platform;
  /** Whether this adapter serves the page at `url`. */
  serves(url: URL): boolean;
  /**
   * The post elements under `root` (`root` itself included: flags search each added subtree
   * from itself), outermost element per post, in document order.
   */
  findPosts(root: ParentNode): Element[];
  /**
   * The post's key, equal to `extract(postEl, page).key`, read with a few lookups; undefined
   * where only the full read can tell (an ad's key hashes its text; so does a post's without
   * an id).
   */
  fastKey(postEl: Element, page: URL): string | undefined;
  /**
   * Where the flag goes in a post: the element to append the flag host to. It must be a place
   * where an inline element causes no layout shift (the post's header/action row).
   */
  flagSlot(postEl: Element): Element;
}

export interface SiteAdapter extends PostLocator {
  /** Read one post element found by `findPosts`; `page` is the current page URL. */
  extract(postEl: Element, page: URL): ExtractedPost;
  /** The post's key alone: `fastKey`, else the full read's. */
  keyOf(postEl: Element, page: URL): string;
}
