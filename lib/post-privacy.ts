/** Turn a post read from a page into the post a capture keeps, as the privacy settings allow. */
import { PostSchema, type Post } from './capture';
import type { Privacy } from './settings';
import type { ExtractedPost } from './sites/types';

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Cut at a code point boundary, never inside a surrogate pair or an emoji's first half. */
export function excerpt(text: string, length: number): string | undefined {
  if (length <= 0 || text === '') return undefined;
  const points = Array.from(text);
  return points.length <= length ? text : points.slice(0, length - 1).join('') + '…';
}

export async function keptPost(post: ExtractedPost, privacy: Privacy): Promise<Post> {
  const dropName = <T extends { name?: string }>(person: T | undefined): T | undefined =>
    person && !privacy.keepAuthorNames ? { ...person, name: undefined } : person;
  return PostSchema.parse({
    id: post.id,
    url: post.url,
    kind: post.kind,
    author: dropName(post.author),
    postedAt: post.postedAt,
    excerpt: excerpt(post.text, privacy.excerptLength),
    textSha256: post.text ? await sha256Hex(post.text) : undefined,
    quoted: post.quoted && { ...post.quoted, author: dropName(post.quoted.author) },
    repostedBy: dropName(post.repostedBy),
    partial: post.partial || undefined,
  });
}
