/**
 * Delivery benchmark in real Chromium with the e2e build: (1) one capture from the click on
 * Submit to the endpoint's 2xx; (2) 1,000 queued captures delivered to a local endpoint.
 * Run: npm run build:e2e && npx tsx bench/delivery.ts
 */
import { createCapture } from '../lib/capture-lifecycle';
import {
  fixture,
  formIn,
  launch,
  pageMessage,
  putRecords,
  saveEndpointDirectly,
  storedCaptures,
} from '../tests/e2e/harness';
import { startEndpoint } from '../tests/e2e/endpoint-server';

const FEED_URL = 'https://www.linkedin.com/feed/';

function queuedCaptures(count: number) {
  const now = new Date();
  return Array.from({ length: count }, (_, i) => {
    const id = `urn:li:activity:${7462783475389644905n + BigInt(i)}`;
    return createCapture({
      id: crypto.randomUUID(),
      platform: 'linkedin',
      post: {
        id,
        url: `https://www.linkedin.com/feed/update/${id}/`,
        kind: 'post',
        author: { name: `Author ${i}` },
        excerpt: 'Benchmark post text '.repeat(10),
      },
      postKey: id,
      outcome: {
        type: 'deal',
        stage: 'won',
        value: { amount: 1000 + i, currency: 'EUR' },
        note: 'Benchmark',
      },
      employee: { name: 'Bench Runner', email: 'bench@example.com' },
      clientVersion: '0.0.0',
      submit: true,
      now,
    });
  });
}

export async function main(): Promise<void> {
  const endpoint = await startEndpoint();
  const session = await launch();
  try {
    session.serve(FEED_URL, fixture('linkedin-feed.html'));
    // The options page: an extension page of the same origin (its sync log view re-reads the log
    // as deliveries are written, which is counted in the figures).
    const popup = await session.options();
    await saveEndpointDirectly(popup, {
      url: endpoint.url,
      token: endpoint.token,
      signingSecret: endpoint.secret,
    });

    // 1. One capture, click to 2xx.
    const page = await session.context.newPage();
    await page.goto(FEED_URL);
    await page.getByTestId('sourced-flag').first().click();
    // Submit is enabled once the form frame has been in plain view for 500 ms (issue 17): the
    // clock starts at the click on Submit, as before, not at the flag.
    const submit = formIn(page).getByTestId('sourced-submit');
    await submit.click({ trial: true });
    const clicked = Date.now();
    await submit.click();
    while (endpoint.accepted.size < 1) await new Promise((r) => setTimeout(r, 5));
    const single = Date.now() - clicked;

    // 2. 1,000 queued captures.
    const count = 1000;
    await putRecords(popup, 'captures', queuedCaptures(count));
    const started = Date.now();
    await pageMessage(popup, 'syncNow');
    while (endpoint.accepted.size < count + 1) await new Promise((r) => setTimeout(r, 20));
    const bulk = Date.now() - started;
    const delivered = (await storedCaptures(popup)).filter((c) => c.status === 'delivered').length;

    console.log('\nDelivery (Chromium, e2e build, endpoint on 127.0.0.1, signed sourced.v1)');
    console.table([
      { measure: 'one capture, click on Submit → endpoint 2xx', ms: single },
      {
        measure: `${count} queued captures delivered (sync now → last 2xx)`,
        ms: bulk,
        perCaptureMs: +(bulk / count).toFixed(2),
      },
    ]);
    console.log(
      `requests received: ${endpoint.received.length}, distinct events accepted: ${endpoint.accepted.size}, captures delivered: ${delivered}`,
    );
  } finally {
    await session.close();
    await endpoint.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
