// @vitest-environment node
/**
 * The wall of wins and its CSV: escaping, CSP, grouping, filters, formula-safe cells, confirmed
 * wins by default, co-credit, and who may read it.
 */
import { createHash } from 'node:crypto';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaptureData } from '../../lib/capture';
import { createReceiver, type Receiver } from '../receiver';
import { silentLogger } from '../log';
import type { StoredEventType } from '../storage/types';
import { sampleCapture } from '../testing/deliveries';
import type { Decision } from '../storage/recognition';
import { WIN_CSV_COLUMNS, winsCsv } from './csv';
import { renderWall } from './page';

const REVIEWER = 'rvw_synthetic_reviewer_token_0001';
const VIEWER = 'view_synthetic_viewer_token_0001';
/** The token replacing VIEWER: both open the wall while the old one is phased out. */
const NEXT_VIEWER = 'view_synthetic_viewer_token_0002';

let receiver: Receiver;
beforeEach(async () => {
  // Public: these tests are about the content; wins-csv.test.ts checks who may download it.
  receiver = await createReceiver({
    log: silentLogger,
    publicWall: true,
    reviewerToken: REVIEWER,
    viewerTokens: () => [VIEWER],
  });
});
afterEach(() => receiver.close());

let clock = Date.now();

/** Stores a capture as delivered, then records a reviewer's decision on it (confirmed by default). */
async function store(
  data: CaptureData,
  type: StoredEventType = 'capture.submitted',
  decision: Decision | 'pending' = 'confirmed',
  review: { by?: string; comment?: string } = { by: 'Dana Reviewer' },
) {
  await receiver.store.receive({
    key: `${data.id}.${data.revision}`,
    bodySha256: `${data.id}.${data.revision}`,
    type,
    data,
    receivedAt: new Date(++clock),
  });
  if (decision !== 'pending' && type !== 'capture.withdrawn') {
    await receiver.store.decide([
      { captureId: data.id, revision: data.revision, state: decision, at: new Date(), ...review },
    ]);
  }
  return data;
}

const get = async (path: string) => receiver.app.request(`http://localhost${path}`);
const page = async (path = '/') => (await get(path)).text();
const shownIds = (html: string) =>
  [...html.matchAll(/data-capture-id="([^"]+)"/g)].map((m) => m[1]);

describe('the wall page', () => {
  it('escapes hostile post text, names, notes and the reviewer’s words', async () => {
    const data = await store(
      sampleCapture({
        note: '<script>alert(1)</script> & <img src=x onerror=alert(2)>',
        excerpt: '</blockquote><a href="javascript:alert(3)">click</a>',
        authorName: '"><svg onload=alert(4)>',
        team: '" autofocus onfocus="alert(5)',
        employeeName: '<iframe src=//evil.example>',
      }),
      'capture.submitted',
      'confirmed',
      { by: '<b onmouseover=alert(6)>Dana</b>', comment: '</p><script>alert(7)</script>' },
    );
    const html = await page();
    expect(shownIds(html)).toEqual([data.id]);
    expect(html).not.toMatch(/<script|<img|<svg|<iframe|<b |<a href="javascript/i);
    expect(html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;',
    );
    expect(html).toContain('&quot;&gt;&lt;svg onload=alert(4)&gt;');
    expect(html).toContain('&lt;iframe src=//evil.example&gt;');
    expect(html).toContain('&lt;/p&gt;&lt;script&gt;alert(7)&lt;/script&gt;');
    expect(html).not.toContain('" autofocus');
  });

  it('links only http(s) post URLs, even if a stored one is not', () => {
    const data = sampleCapture();
    const capture = {
      data: { ...data, post: { ...data.post, url: 'javascript:alert(1)' } },
      withdrawn: false,
      happenedOn: '2026-05-18',
      receivedAt: '2026-05-19T00:00:00.000Z',
      updatedAt: '2026-05-19T00:00:00.000Z',
    };
    const html = String(
      renderWall({
        wins: [
          {
            key: 'linkedin:1',
            state: 'confirmed',
            lead: capture,
            members: [{ capture, state: 'confirmed' }],
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

  it('shows confirmed wins by default; the switch adds those awaiting review; declined never', async () => {
    const confirmed = await store(sampleCapture({ occurredAt: '2026-05-03' }));
    const pending = await store(
      sampleCapture({ occurredAt: '2026-05-02' }),
      'capture.submitted',
      'pending',
    );
    await store(sampleCapture({ occurredAt: '2026-05-01' }), 'capture.submitted', 'declined');
    expect(shownIds(await page('/'))).toEqual([confirmed.id]);
    const both = await page('/?pending=1');
    expect(shownIds(both)).toEqual([confirmed.id, pending.id]);
    expect(both).toMatch(/data-state="pending"[\s\S]*Awaiting review/);
    expect(both).toMatch(/<input[^>]*name="pending"[^>]*checked/);
    // A receipt's link shows its win even before review.
    expect(shownIds(await page(`/?id=${pending.id}`))).toEqual([pending.id]);
    // The CSV link never carries the switch: it lists confirmed wins.
    expect(both).toContain('href="/wins.csv"');
  });

  it('shows a win flagged by several people once, with every name and the reviewer’s comment', async () => {
    const ada = sampleCapture({ postId: 'urn:li:activity:1', employeeName: 'Ada Example' });
    const bo = sampleCapture({
      postId: 'urn:li:activity:1',
      employeeName: 'Bo Example',
      team: 'Ops',
      note: 'Introduced them to our CTO.',
    });
    await store(ada, 'capture.submitted', 'confirmed', { by: 'Dana', comment: 'Great one' });
    await store(bo, 'capture.submitted', 'confirmed', { by: 'Dana', comment: 'Great one' });
    const html = await page();
    expect(html.match(/data-testid="win"/g)).toHaveLength(1);
    expect(html).toContain('Ada Example (Northwind Sales), Bo Example (Ops)');
    expect(html).toContain('Introduced them to our CTO.');
    expect(html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ')).toContain(
      'Confirmed by Dana: “Great one”',
    );
    expect(html).toContain(`data-capture-ids="${ada.id} ${bo.id}"`);
    // Either person's team finds it.
    expect(shownIds(await page('/?team=Ops'))).toHaveLength(1);
    // No ranking of people: no counts or positions next to names.
    expect(html).not.toMatch(/\b(rank|points|leaderboard)\b/i);
  });

  it('totals confirmed value per team and month, a shared win once per team, never per person', async () => {
    const post = 'urn:li:activity:3';
    await store(
      sampleCapture({ postId: post, team: 'Sales', amount: 1000, occurredAt: '2026-05-02' }),
    );
    await store(
      sampleCapture({ postId: post, team: 'Ops', amount: 1000, occurredAt: '2026-05-02' }),
    );
    await store(
      sampleCapture({ postId: post, team: 'Sales', amount: 1000, occurredAt: '2026-05-02' }),
    );
    await store(sampleCapture({ team: 'Sales', amount: 500, occurredAt: '2026-05-20' }));
    await store(sampleCapture({ team: 'Sales', amount: 7, occurredAt: '2026-04-01' }));
    await store(
      sampleCapture({ team: 'Sales', amount: 99999, occurredAt: '2026-05-21' }),
      'capture.submitted',
      'pending',
    );
    const html = await page('/?pending=1');
    const table = /<section[^>]*data-testid="wall-totals"[\s\S]*?<\/section>/.exec(html)![0];
    const rows = [
      ...table.matchAll(/<tr>\s*<td>([^<]+)<\/td>\s*<td>([^<]+)<\/td>\s*<td>([^<]+)<\/td>/g),
    ].map((m) => m.slice(1).map((cell) => cell.trim()));
    expect(rows).toEqual([
      ['May 2026', 'Ops', '€1,000.00'],
      ['May 2026', 'Sales', '€1,500.00'],
      ['April 2026', 'Sales', '€7.00'],
    ]);
    expect(table).not.toContain('Robin Example');
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
    expect(parsed.meta.fields).toEqual([...WIN_CSV_COLUMNS]);
    expect(parsed.data).toHaveLength(1);
    expect(parsed.data[0]).toMatchObject({
      capture_ids: data.id,
      state: 'confirmed',
      credited_names: 'Robin Example',
      reviewed_by: 'Dana Reviewer',
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
    expect(parsed.data).toHaveLength(5);
    expect(notes).toEqual([...hostile.map((n) => `'${n}`), 'a = b is fine inside'].sort());
  });

  it('defuses a leading tab or carriage return too (the schema trims them, the CSV does not rely on it)', () => {
    const data = sampleCapture();
    const win = (note: string) => {
      const capture = {
        data: { ...data, outcome: { ...data.outcome, note } },
        withdrawn: false,
        happenedOn: '2026-05-18',
        receivedAt: '2026-05-19T00:00:00.000Z',
        updatedAt: '2026-05-19T00:00:00.000Z',
      };
      return {
        key: `url:${data.post.url}`,
        state: 'confirmed' as const,
        lead: capture,
        members: [{ capture, state: 'confirmed' as const }],
      };
    };
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
    expect(parsed.data.map((row) => row.capture_ids)).toEqual([a.id]);
  });

  it('holds confirmed wins only, one row per win with everyone credited', async () => {
    const a = sampleCapture({ postId: 'urn:li:activity:5', employeeName: 'Ada' });
    const b = sampleCapture({ postId: 'urn:li:activity:5', employeeName: 'Bo', team: 'Ops' });
    await store(a, 'capture.submitted', 'confirmed', { comment: '=cmd|calc' });
    await store(b, 'capture.submitted', 'confirmed', { comment: '=cmd|calc' });
    await store(sampleCapture(), 'capture.submitted', 'pending');
    await store(sampleCapture(), 'capture.submitted', 'declined');
    const { parsed } = await rows('/wins.csv?pending=1');
    expect(parsed.data).toHaveLength(1);
    expect(parsed.data[0]).toMatchObject({
      capture_ids: `${a.id} ${b.id}`,
      credited_names: 'Ada; Bo',
      credited_teams: 'Northwind Sales; Ops',
      review_comment: "'=cmd|calc",
    });
  });
});

describe('who may read the wall', () => {
  let closed: Receiver;
  beforeEach(async () => {
    closed = await createReceiver({
      log: silentLogger,
      reviewerToken: REVIEWER,
      viewerTokens: () => [VIEWER, NEXT_VIEWER],
      store: receiver.store,
    });
  });

  const request = (path: string, headers: Record<string, string> = {}) =>
    closed.app.request(`http://localhost${path}`, { headers });

  it('answers the sign-in form, not the wins, without a credential', async () => {
    const data = await store(sampleCapture({ note: 'Secret deal' }));
    const response = await request('/');
    expect(response.status).toBe(401);
    const html = await response.text();
    expect(html).toContain('data-testid="review-token"');
    expect(html).not.toContain(data.id);
    expect(html).not.toContain('Secret deal');
    const csv = await request('/wins.csv');
    expect(csv.status).toBe(401);
    expect(csv.headers.get('www-authenticate')).toBe('Bearer realm="wall"');
    expect(await csv.text()).not.toContain(data.id);
  });

  it('opens to the viewer or the reviewer token as a bearer token, and never to another', async () => {
    const data = await store(sampleCapture());
    for (const token of [VIEWER, NEXT_VIEWER, REVIEWER]) {
      const response = await request('/', { authorization: `Bearer ${token}` });
      expect(response.status).toBe(200);
      expect(shownIds(await response.text())).toEqual([data.id]);
      expect((await request('/wins.csv', { authorization: `Bearer ${token}` })).status).toBe(200);
    }
    expect((await request('/', { authorization: 'Bearer wrong-token-000000000' })).status).toBe(
      401,
    );
  });

  it('opens to a viewer session from the sign-in form', async () => {
    await store(sampleCapture());
    const signIn = await closed.app.request('http://localhost/sign-in', {
      method: 'POST',
      headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: VIEWER, next: '/review' }).toString(),
    });
    expect(signIn.status).toBe(303);
    // A viewer asked for the review page lands on the wall instead.
    expect(signIn.headers.get('location')).toBe('/');
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    expect((await request('/', { cookie })).status).toBe(200);
    const review = await request('/review', { cookie });
    expect(review.status).toBe(403);
  });
});
