// @vitest-environment node
/** The wall of wins and its CSV: escaping, CSP, grouping, filters, formula-safe cells. */
import { createHash } from 'node:crypto';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaptureData } from '../../lib/capture';
import { createReceiver, type Receiver } from '../receiver';
import { silentLogger } from '../log';
import type { StoredEventType } from '../storage/types';
import { sampleCapture } from '../testing/deliveries';
import { CSV_COLUMNS, winsCsv } from './csv';
import { renderWall } from './page';

let receiver: Receiver;
beforeEach(async () => {
  // Public: these tests are about the content; wins-csv.test.ts checks who may download it.
  receiver = await createReceiver({ log: silentLogger, publicWall: true });
});
afterEach(() => receiver.close());

async function store(data: CaptureData, type: StoredEventType = 'capture.submitted') {
  await receiver.store.receive({
    key: `${data.id}.${data.revision}`,
    bodySha256: `${data.id}.${data.revision}`,
    type,
    data,
    receivedAt: new Date(),
  });
  return data;
}

const get = async (path: string) => receiver.app.request(`http://localhost${path}`);
const page = async (path = '/') => (await get(path)).text();
const shownIds = (html: string) =>
  [...html.matchAll(/data-capture-id="([^"]+)"/g)].map((m) => m[1]);

describe('the wall page', () => {
  it('escapes hostile post text, names and notes', async () => {
    const data = await store(
      sampleCapture({
        note: '<script>alert(1)</script> & <img src=x onerror=alert(2)>',
        excerpt: '</blockquote><a href="javascript:alert(3)">click</a>',
        authorName: '"><svg onload=alert(4)>',
        team: '" autofocus onfocus="alert(5)',
      }),
    );
    const html = await page();
    expect(shownIds(html)).toEqual([data.id]);
    expect(html).not.toMatch(/<script|<img|<svg|<a href="javascript/i);
    expect(html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;',
    );
    expect(html).toContain('&quot;&gt;&lt;svg onload=alert(4)&gt;');
    expect(html).not.toContain('" autofocus');
  });

  it('links only http(s) post URLs, even if a stored one is not', () => {
    const data = sampleCapture();
    const html = String(
      renderWall({
        wins: [
          {
            data: { ...data, post: { ...data.post, url: 'javascript:alert(1)' } },
            withdrawn: false,
            happenedOn: '2026-05-18',
            receivedAt: '2026-05-19T00:00:00.000Z',
            updatedAt: '2026-05-19T00:00:00.000Z',
          },
        ],
        teams: [],
        query: {},
        truncated: false,
      }),
    );
    expect(html).toContain('LinkedIn post by Imaginary Author');
    expect(html).not.toContain('javascript:');
  });

  it('sends a CSP that allows no script and exactly its own stylesheet', async () => {
    const response = await get('/');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('script-src');
    const style = /<style>([\s\S]*?)<\/style>/.exec(await response.text())![1]!;
    const hash = createHash('sha256').update(style).digest('base64');
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('groups wins by team, then month, newest first, with outcome, value, note and post link', async () => {
    const may = await store(
      sampleCapture({ team: 'Sales', occurredAt: '2026-05-02', amount: 12000, note: 'May deal' }),
    );
    const march = await store(
      sampleCapture({ team: 'Sales', occurredAt: '2026-03-30', type: 'customer' }),
    );
    const hire = await store(
      sampleCapture({ team: 'Engineering', occurredAt: '2026-04-10', type: 'hire' }),
    );
    const loner = await store(sampleCapture({ team: null, occurredAt: '2026-06-01' }));
    const html = await page();
    const headings = [...html.matchAll(/<h[23]>([^<]+)<\/h[23]>/g)].map((m) => m[1]);
    expect(headings).toEqual([
      'Engineering',
      'April 2026',
      'Sales',
      'May 2026',
      'March 2026',
      'No team',
      'June 2026',
    ]);
    expect(shownIds(html)).toEqual([hire.id, may.id, march.id, loner.id]);
    expect(html).toContain('Deal · Won');
    expect(html).toContain('€12,000.00');
    expect(html).toContain('May deal');
    expect(html).toContain(`href="${may.post.url}"`);
  });

  it('filters by team, outcome, stage and period from the query string', async () => {
    const a = await store(sampleCapture({ team: 'Sales', type: 'deal', occurredAt: '2026-01-15' }));
    const b = await store(
      sampleCapture({ team: 'Sales', type: 'customer', occurredAt: '2026-02-15' }),
    );
    const c = await store(sampleCapture({ team: 'Ops', type: 'deal', occurredAt: '2026-03-15' }));
    const lost = await store(
      sampleCapture({ team: 'Ops', stage: 'lost', occurredAt: '2026-03-16' }),
    );
    expect(shownIds(await page('/'))).toEqual([c.id, b.id, a.id]); // a lost deal is not a win
    expect(shownIds(await page('/?team=Sales'))).toEqual([b.id, a.id]);
    expect(shownIds(await page('/?outcome=deal'))).toEqual([c.id, a.id]);
    expect(shownIds(await page('/?stage=lost'))).toEqual([lost.id]);
    expect(shownIds(await page('/?from=2026-02&to=2026-02'))).toEqual([b.id]);
    expect(shownIds(await page(`/?id=${a.id}`))).toEqual([a.id]);
    // Malformed filters are ignored rather than failing the page.
    expect(shownIds(await page('/?outcome=likes&from=last-week'))).toEqual([c.id, b.id, a.id]);
    const html = await page('/?team=Sales&outcome=deal');
    expect(html).toMatch(/<option value="Sales"\s+selected>/);
    expect(html).toContain('href="/wins.csv?team=Sales&amp;outcome=deal"');
  });

  it('does not show withdrawn captures', async () => {
    const kept = await store(sampleCapture());
    const gone = await store(sampleCapture());
    await store(sampleCapture({ id: gone.id, revision: 2 }), 'capture.withdrawn');
    expect(shownIds(await page())).toEqual([kept.id]);
  });

  it('says so when nothing matches', async () => {
    expect(await page()).toContain('data-testid="wall-empty"');
  });
});

describe('the CSV download', () => {
  const rows = async (path = '/wins.csv') => {
    const response = await get(path);
    const text = await response.text();
    return {
      response,
      parsed: Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
        header: true,
        skipEmptyLines: true,
      }),
    };
  };

  it('is an attachment with one row per win and the documented columns', async () => {
    const data = await store(sampleCapture({ note: 'Line one\nline "two", with comma' }));
    const { response, parsed } = await rows();
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="sourced-wins.csv"',
    );
    expect(parsed.meta.fields).toEqual([...CSV_COLUMNS]);
    expect(parsed.data).toHaveLength(1);
    expect(parsed.data[0]).toMatchObject({
      capture_id: data.id,
      team: 'Northwind Sales',
      month: '2026-05',
      outcome_type: 'deal',
      amount: '12000',
      currency: 'EUR',
      note: 'Line one\nline "two", with comma',
      post_url: data.post.url,
    });
  });

  it('defuses cells a spreadsheet would run as formulas', async () => {
    const hostile = ['=HYPERLINK("http://evil.example","x")\nmore', '+1+1', '-2', '@SUM(A1)'];
    for (const note of hostile) await store(sampleCapture({ note }));
    await store(sampleCapture({ note: 'a = b is fine inside' }));
    const { parsed } = await rows();
    const notes = parsed.data.map((row) => row.note).sort();
    expect(notes).toEqual([...hostile.map((n) => `'${n}`), 'a = b is fine inside'].sort());
  });

  it('defuses a leading tab or carriage return too (the schema trims them, the CSV does not rely on it)', () => {
    const data = sampleCapture();
    const win = (note: string) => ({
      data: { ...data, outcome: { ...data.outcome, note } },
      withdrawn: false,
      happenedOn: '2026-05-18',
      receivedAt: '2026-05-19T00:00:00.000Z',
      updatedAt: '2026-05-19T00:00:00.000Z',
    });
    const csv = winsCsv([win('\tTAB'), win('\r=CR')]).replace(/^\uFEFF/, '');
    const notes = Papa.parse<Record<string, string>>(csv, {
      header: true,
      skipEmptyLines: true,
    }).data.map((row) => row.note);
    expect(notes).toEqual(["'\tTAB", "'\r=CR"]);
  });

  it('defuses the full-width formula characters the extension’s CSV defuses', async () => {
    const fullWidth = ['＝HYPERLINK("http://evil.example")', '＋1', '－2', '＠SUM(A1)'];
    for (const note of fullWidth) await store(sampleCapture({ note }));
    const { parsed } = await rows();
    expect(parsed.data.map((row) => row.note).sort()).toEqual(fullWidth.map((n) => `'${n}`).sort());
  });

  it('applies the same filters as the page and leaves withdrawn captures out', async () => {
    const a = await store(sampleCapture({ team: 'Sales' }));
    await store(sampleCapture({ team: 'Ops' }));
    const gone = await store(sampleCapture({ team: 'Sales' }));
    await store(sampleCapture({ id: gone.id, revision: 2, team: 'Sales' }), 'capture.withdrawn');
    const { parsed } = await rows('/wins.csv?team=Sales');
    expect(parsed.data.map((row) => row.capture_id)).toEqual([a.id]);
  });
});
