/**
 * axe-core on every page a user meets: the popup and the options page in light and dark, the
 * in-page capture form (in its frame when it has one, else in its shadow root) with and without an
 * error, and the receiver's wall of wins. Any serious or critical violation fails the suite.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import expected from '../fixtures/EXPECTED.json';
import { startReceiver } from '../../server/receiver';
import { delivery, eventFor, sampleCapture } from '../../server/testing/deliveries';
import { fixture, launch, putRecords, type Session } from './harness';
import type { Capture } from '../../lib/capture';
import {
  createCapture,
  deliveryRejected,
  deliverySucceeded,
  startDelivery,
  submitCapture,
} from '../../lib/capture-lifecycle';
import { searchWordsOf } from '../../lib/db/search-words';

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
const feed = expected.fixtures['linkedin-feed.html'];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Run axe in a page or frame. The source goes in through evaluate (the DevTools protocol), not a
 * script tag: extension pages and the wall forbid inline scripts by CSP, as they should.
 */
async function axe(target: Page | Frame, include?: string): Promise<Violation[]> {
  await target.evaluate(AXE_SOURCE);
  return target.evaluate(async (include) => {
    const runner = (
      globalThis as unknown as {
        axe: { run: (...args: unknown[]) => Promise<{ violations: Violation[] }> };
      }
    ).axe;
    const result = await runner.run(include ? { include: [include] } : document, {
      resultTypes: ['violations'],
    });
    return result.violations;
  }, include);
}

/** Serious and critical violations, described well enough to fix from the test output. */
function serious(violations: Violation[]): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact}: ${v.id} (${v.help}) at ${v.nodes
          .slice(0, 3)
          .map((n) => `${JSON.stringify(n.target)} — ${n.failureSummary ?? ''}`)
          .join('; ')}`,
    );
}

let counter = 0;
function stored(author: string, then: (c: Capture, at: Date) => Capture = (c) => c) {
  counter++;
  const at = new Date(Date.now() - counter * 3_600_000);
  const capture = then(
    createCapture({
      id: `40000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
      platform: counter % 2 ? 'linkedin' : 'x',
      post: {
        url: `https://www.linkedin.com/feed/update/urn:li:activity:${7460000000000000000n + BigInt(counter)}/`,
        kind: 'post',
        author: { name: author },
        excerpt: `A synthetic post by ${author}, long enough to wrap onto a second line in the popup.`,
      },
      postKey: `a11y-${counter}`,
      outcome: { type: 'deal', stage: 'won', value: { amount: 12000, currency: 'EUR' } },
      employee: { name: 'Ada Example' },
      clientVersion: '0.1.0',
      submit: false,
      now: at,
    }),
    at,
  );
  return { ...capture, searchWords: searchWordsOf(capture) };
}
const queue = (c: Capture, at: Date) => submitCapture(c, c.employee, at);
const CAPTURES = [
  stored('Priya Lorem'),
  stored('Jonas Ipsum', (c, at) =>
    deliveryRejected(startDelivery(queue(c, at), at), 'outcome.value: refused', at),
  ),
  stored('Mara Dolor', (c, at) =>
    deliverySucceeded(startDelivery(queue(c, at), at), { id: 'r-1' }, at),
  ),
  stored('Teo Amet', queue),
];

for (const colorScheme of ['light', 'dark'] as const) {
  describe(`extension pages, ${colorScheme}`, () => {
    let session: Session;
    beforeAll(async () => {
      session = await launch({ colorScheme });
    });
    afterAll(async () => {
      await session?.close();
    });

    test('popup: first run, then with captures, the filters open and the edit dialog', async () => {
      const popup = await session.popup();
      expect(
        await popup.evaluate(
          (scheme) => matchMedia(`(prefers-color-scheme: ${scheme})`).matches,
          colorScheme,
        ),
      ).toBe(true);
      await popup.getByTestId('first-run-hint').waitFor();
      expect(serious(await axe(popup))).toEqual([]);

      await putRecords(popup, 'captures', CAPTURES);
      await popup.reload();
      await popup.getByTestId('capture-item').first().waitFor();
      await popup.getByTestId('filters-toggle').click();
      expect(serious(await axe(popup))).toEqual([]);

      await popup.getByTestId('capture-edit').first().click();
      await popup.getByTestId('sourced-form').waitFor();
      await popup.getByTestId('sourced-value-amount').fill('12.000');
      await popup.getByTestId('sourced-save-draft').click();
      await popup.locator('.sourced-field-error').waitFor();
      expect(serious(await axe(popup))).toEqual([]);
      await popup.close();
    });

    test('options: the settings, and after a refused save', async () => {
      const options = await session.options();
      await options.getByTestId('employee-name').waitFor();
      expect(serious(await axe(options))).toEqual([]);
      await options.getByTestId('employee-email').fill('not an address');
      await options.getByTestId('endpoint-url').fill('http://example.com/hook');
      await options.getByTestId('settings-save').click();
      await options.getByTestId('settings-error').waitFor();
      expect(serious(await axe(options))).toEqual([]);
      await options.close();
    });
  });
}

describe('the in-page capture form', () => {
  let session: Session;
  beforeAll(async () => {
    session = await launch();
  });
  afterAll(async () => {
    await session?.close();
  });

  /** Where the form is: its extension-origin frame when the build has one, else the page. */
  async function formContext(page: Page): Promise<{ target: Page | Frame; include?: string }> {
    await expect
      .poll(
        async () =>
          (await page.getByTestId('sourced-form-frame').count()) +
          (await page.getByTestId('sourced-form').count()),
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0);
    const frameElement = page.getByTestId('sourced-form-frame');
    if ((await frameElement.count()) > 0) {
      const frame = await (await frameElement.elementHandle())!.contentFrame();
      await frame!.getByTestId('sourced-form').waitFor();
      return { target: frame! };
    }
    // The dialog's shadow host: axe walks into its (open, in the test build) shadow root.
    return { target: page, include: '[data-sourced-dialog-host]' };
  }

  test('the form, then the form with an error under a field', async () => {
    session.serve(feed.page_url, fixture('linkedin-feed.html'));
    const page = await session.context.newPage();
    await page.goto(feed.page_url);
    const host = page.locator(`[data-sourced-post-id="${feed.posts[0]!.id}"]`);
    await expect.poll(() => host.count(), { timeout: 10_000 }).toBe(1);
    await host.getByTestId('sourced-flag').click();
    const { target, include } = await formContext(page);
    expect(serious(await axe(target, include))).toEqual([]);

    // The check reaches inside: a nameless button planted next to the form is caught.
    await target.evaluate(() => {
      const form = (
        document.querySelector('[data-sourced-dialog-host]')?.shadowRoot ?? document
      ).querySelector('[data-testid="sourced-form"]')!;
      const planted = document.createElement('button');
      planted.id = 'axe-self-check';
      form.append(planted);
    });
    expect((await axe(target, include)).map((v) => v.id)).toContain('button-name');
    await target.evaluate(() => {
      (document.querySelector('[data-sourced-dialog-host]')?.shadowRoot ?? document)
        .querySelector('#axe-self-check')!
        .remove();
    });

    const form = target.getByTestId('sourced-form');
    await form.getByTestId('sourced-value-amount').fill('twelve');
    await form.getByTestId('sourced-submit').click();
    await form.locator('.sourced-field-error').waitFor();
    expect(serious(await axe(target, include))).toEqual([]);
  });
});

describe('the wall of wins', () => {
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let session: Session;
  beforeAll(async () => {
    receiver = await startReceiver({ port: 0, secret, log: () => {}, publicWall: true });
    for (const [i, team] of ['Northwind Sales', 'Partnerships'].entries()) {
      const request = await delivery(eventFor(sampleCapture({ team, authorName: `Author ${i}` })), {
        secret,
      });
      const response = await fetch(`${receiver.url}/v1/captures`, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
      });
      expect(response.status).toBeLessThan(300);
    }
    session = await launch();
  });
  afterAll(async () => {
    await session?.close();
    await receiver?.stop(1000);
  });

  test('filters, CSV link and wins: no serious violation', async () => {
    const page = await session.context.newPage();
    // Wins not reviewed yet are shown with the wall's "awaiting review" switch.
    await page.goto(`${receiver.url}/?pending=1`);
    await page.getByTestId('win').first().waitFor();
    expect(serious(await axe(page))).toEqual([]);
    // The filters and the CSV link are inside a landmark.
    const violations = await axe(page);
    expect(violations.map((v) => v.id)).not.toContain('region');
  });
});
