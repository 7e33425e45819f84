/**
 * Every fixture page in Firefox ESR: the content script finds each post and gives it exactly one
 * flag, keyed by the post id EXPECTED.json lists.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import shared from '../fixtures/EXPECTED.json';
import extra from '../fixtures/EXPECTED.extra.json';
import { fixture, launchFirefox, type FirefoxSession } from './harness';

interface ExpectedFixture {
  site: string;
  page_url: string;
  posts: { id: string | null }[];
}

const FIXTURES = Object.entries({ ...shared.fixtures, ...extra.fixtures }) as [
  string,
  ExpectedFixture,
][];

let session: FirefoxSession;
beforeAll(async () => {
  session = await launchFirefox();
});
afterAll(async () => {
  await session?.close();
});

/** The post keys of the flags on the page (flag hosts may sit in open shadow roots). */
const flagKeys = (page: Page) =>
  page.$$eval('pierce/[data-sourced-post-id]', (hosts) =>
    hosts.map((host) => host.getAttribute('data-sourced-post-id')),
  );

describe.each(FIXTURES)('%s', (name, expected) => {
  test('one flag on every post, keyed by the post id', async () => {
    const page = await session.openSite(expected.page_url, fixture(name));
    await expect
      .poll(async () => (await flagKeys(page)).length, { timeout: 10_000 })
      .toBe(expected.posts.length);
    const keys = await flagKeys(page);
    expect(new Set(keys).size).toBe(expected.posts.length);
    for (const post of expected.posts) if (post.id) expect(keys).toContain(post.id);
    const buttons = await page.$$('pierce/[data-testid="sourced-flag"]');
    expect(buttons).toHaveLength(expected.posts.length);
    await page.close();
  });
});
