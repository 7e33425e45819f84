// @vitest-environment happy-dom
/**
 * What the adapters read reaches the capture: a 2025 legacy quote-repost is kept as kind `quote`
 * with the outer post's fields and the quoted post's id in the capture schema's `quoted` place.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { PostSchema } from '../../lib/capture';
import { keptPost } from '../../lib/post-privacy';
import { DEFAULT_PRIVACY } from '../../lib/settings';
import { linkedinAdapter } from '../../lib/sites/linkedin';
import { FIXTURES_DIR, loadFixture } from '../fixtures/load-page';

const FILE = 'linkedin-feed-legacy-2025.html';
const expected = (
  JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'EXPECTED.variants.json'), 'utf8')) as {
    fixtures: Record<
      string,
      { page_url: string; posts: { kind: string; id: string; quoted?: { id: string } }[] }
    >;
  }
).fixtures[FILE]!;

it('keeps a 2025 quote-repost as a quote with the quoted post id', async () => {
  const page = loadFixture(FILE, expected.page_url);
  const index = expected.posts.findIndex((p) => p.kind === 'quote');
  const el = linkedinAdapter.findPosts(page.document)[index]!;
  const read = linkedinAdapter.extract(el, page.url);
  const kept = await keptPost(read, DEFAULT_PRIVACY);
  expect(PostSchema.parse(kept)).toMatchObject({
    kind: 'quote',
    id: expected.posts[index]!.id,
    quoted: { id: expected.posts[index]!.quoted!.id },
  });
  page.close();
});
