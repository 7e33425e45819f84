// @vitest-environment node
/**
 * The review page: sign-in, session cookie flags, CSRF and Origin checks, decisions on co-credited
 * wins, revisions going back to pending, filters, and escaping of hostile stored text.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaptureData } from '../../lib/capture';
import { silentLogger } from '../log';
import { createReceiver, type Receiver } from '../receiver';
import { captureStatus } from '../status';
import { sampleCapture } from '../testing/deliveries';

const REVIEWER = 'rvw_synthetic_reviewer_token_0002';
const VIEWER = 'view_synthetic_viewer_token_0002';
const ORIGIN = 'http://localhost';
const FORM = 'application/x-www-form-urlencoded';

let receiver: Receiver;
let now = Date.parse('2026-06-01T09:00:00Z');
beforeEach(async () => {
  receiver = await createReceiver({
    log: silentLogger,
    reviewerToken: REVIEWER,
    viewerTokens: () => [VIEWER],
    secret: 'whsec_c3ludGhldGljLXNlY3JldC1mb3ItdGVzdHMtMDAwMDA=',
    token: 'tok_synthetic_delivery_token',
    now: () => now,
  });
});
afterEach(() => receiver.close());

let clock = Date.now();
async function store(data: CaptureData) {
  await receiver.store.receive({
    key: `${data.id}.${data.revision}`,
    bodySha256: `${data.id}.${data.revision}`,
    type: data.revision === 1 ? 'capture.submitted' : 'capture.updated',
    data,
    receivedAt: new Date(++clock),
  });
  return data;
}

const request = (path: string, init: RequestInit = {}) =>
  receiver.app.request(`${ORIGIN}${path}`, init);

function post(path: string, fields: Record<string, string | string[]>, headers = {}) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const one of [value].flat()) body.append(name, one);
  }
  return request(path, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': FORM, ...headers },
    body: body.toString(),
  });
}

async function signIn(token = REVIEWER, name = 'Dana Reviewer') {
  const response = await post('/sign-in', { token, name, next: '/review' });
  expect(response.status).toBe(303);
  const setCookie = response.headers.get('set-cookie')!;
  const cookie = setCookie.split(';')[0]!;
  const page = await (await request('/review', { headers: { cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  return { cookie, csrf, setCookie, page };
}

/** The hidden fields of each item's form: `<id>.<revision>` of every capture credited. */
const membersOf = (page: string) =>
  [...page.matchAll(/<form method="post" action="\/review\/decide">([\s\S]*?)<\/form>/g)].map(
    (form) => [...form[1]!.matchAll(/name="member"\s+value="([^"]+)"/g)].map((m) => m[1]!),
  );

describe('signing in', () => {
  it('shows the sign-in form, and nothing stored, without a session', async () => {
    await store(sampleCapture({ note: 'Confidential pipeline note' }));
    const response = await request('/review');
    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('data-testid="review-token"');
    expect(html).toContain('data-testid="review-login"');
    expect(html).not.toContain('Confidential pipeline note');
    expect(html).not.toContain('review-list');
  });

  it('sets an HttpOnly, SameSite=Strict session cookie (Secure outside localhost)', async () => {
    const { setCookie, page } = await signIn();
    expect(setCookie).toMatch(/^sourced_session=v1\./);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    expect(setCookie).not.toContain(REVIEWER);
    expect(page).toContain('Signed in as Dana Reviewer.');

    const behindHttps = await createReceiver({
      log: silentLogger,
      reviewerToken: REVIEWER,
      publicUrl: 'https://wins.example.com',
      allowedHosts: ['10.0.0.5'],
      store: receiver.store,
    });
    const response = await behindHttps.app.request('http://10.0.0.5:8787/sign-in', {
      method: 'POST',
      headers: { origin: 'https://wins.example.com', 'content-type': FORM },
      body: new URLSearchParams({ token: REVIEWER }).toString(),
    });
    expect(response.status).toBe(303);
    const secure = response.headers.get('set-cookie')!;
    expect(secure).toMatch(/^__Host-sourced_session=/);
    expect(secure).toMatch(/; Secure/);
    expect(secure).toMatch(/; HttpOnly/);
    expect(secure).toMatch(/; SameSite=Strict/);
  });

  it('says that sign-in needs HTTPS when reached over plain HTTP away from loopback', async () => {
    const lan = await createReceiver({
      log: silentLogger,
      allowedHosts: ['10.0.0.5'],
      reviewerToken: REVIEWER,
      store: receiver.store,
    });
    const response = await lan.app.request('http://10.0.0.5:8787/sign-in', {
      method: 'POST',
      headers: { origin: 'http://10.0.0.5:8787', 'content-type': FORM },
      body: new URLSearchParams({ token: REVIEWER }).toString(),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await response.text()).toContain('--public-url https://');
  });

  it('refuses a wrong token, the delivery token and a sign-in posted from another site', async () => {
    for (const token of ['nope', 'tok_synthetic_delivery_token', `${REVIEWER}x`]) {
      const response = await post('/sign-in', { token, next: '/review' });
      expect(response.status).toBe(401);
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(await response.text()).toContain('That token is not valid here.');
    }
    const foreign = await post('/sign-in', { token: REVIEWER }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('set-cookie')).toBeNull();
    const noOrigin = await request('/sign-in', {
      method: 'POST',
      headers: { 'content-type': FORM },
      body: `token=${REVIEWER}`,
    });
    expect(noOrigin.status).toBe(403);
    // Our pages' no-referrer policy makes browsers send "Origin: null"; Sec-Fetch-Site decides.
    const nullOrigin = (site: string) =>
      post('/sign-in', { token: REVIEWER }, { origin: 'null', 'sec-fetch-site': site });
    expect((await nullOrigin('cross-site')).status).toBe(403);
    expect((await nullOrigin('same-site')).status).toBe(403);
    expect((await nullOrigin('same-origin')).status).toBe(303);
  });

  it('answers the form at /sign-in too, keeping only a safe next page', async () => {
    const html = await (await request('/sign-in?next=%2F%3Fteam%3DOps')).text();
    expect(html).toContain('data-testid="review-login"');
    expect(html).toContain('name="next" value="/?team=Ops"');
    const evil = await (await request('/sign-in?next=https%3A%2F%2Fevil.example')).text();
    expect(evil).toContain('name="next" value="/review"');
  });

  it('never redirects elsewhere than its own pages', async () => {
    for (const next of ['https://evil.example/', '//evil.example', '/\\evil.example', '/admin']) {
      const response = await post('/sign-in', { token: REVIEWER, next });
      expect(response.headers.get('location')).toBe('/review');
    }
    const kept = await post('/sign-in', { token: REVIEWER, next: '/review?state=all' });
    expect(kept.headers.get('location')).toBe('/review?state=all');
  });

  it('refuses a tampered, foreign or expired session cookie', async () => {
    const { cookie } = await signIn();
    const [name, value] = cookie.split('=');
    const [v, payload, mac] = value!.split('.');
    const forged = Buffer.from(
      JSON.stringify({ r: 'reviewer', e: 9_999_999_999, s: 'x' }),
    ).toString('base64url');
    for (const bad of [`${v}.${forged}.${mac}`, `${v}.${payload}.${mac!.slice(1)}x`]) {
      expect((await request('/review', { headers: { cookie: `${name}=${bad}` } })).status).toBe(
        401,
      );
    }
    // Another receiver (other tokens) does not accept it.
    const other = await createReceiver({
      log: silentLogger,
      reviewerToken: 'rvw_another_receiver_token_000',
      store: receiver.store,
    });
    expect((await other.app.request(`${ORIGIN}/review`, { headers: { cookie } })).status).toBe(401);
    now += 13 * 60 * 60 * 1000;
    expect((await request('/review', { headers: { cookie } })).status).toBe(401);
  });

  it('signs out with the CSRF token only', async () => {
    const { cookie, csrf } = await signIn();
    const refused = await post('/sign-out', { csrf: 'wrong' }, { cookie });
    expect(refused.status).toBe(403);
    const out = await post('/sign-out', { csrf }, { cookie });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/sourced_session=;.*Max-Age=0/);
  });

  it('has no review page without a reviewer token', async () => {
    const without = await createReceiver({ log: silentLogger, store: receiver.store });
    const response = await without.app.request(`${ORIGIN}/review`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('review-token');
    const decide = await without.app.request(`${ORIGIN}/review/decide`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': FORM },
      body: 'decision=confirmed',
    });
    expect(decide.status).toBe(404);
  });

  it('a viewer cannot review', async () => {
    const response = await post('/sign-in', { token: VIEWER, next: '/' });
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    expect((await request('/review', { headers: { cookie } })).status).toBe(403);
    const data = await store(sampleCapture());
    const decide = await post(
      '/review/decide',
      { csrf: 'x', decision: 'confirmed', member: `${data.id}.1` },
      { cookie },
    );
    expect(decide.status).toBe(401);
    expect((await captureStatus(receiver.store, data.id)).status).toBe(200);
    const status = await captureStatus(receiver.store, data.id);
    expect(status.status === 200 && status.document.state).toBe('pending');
  });
});

describe('reviewing', () => {
  it('lists a co-credited win once with every name, and confirms it for all with a comment', async () => {
    const ada = await store(
      sampleCapture({ postId: 'urn:li:activity:900', employeeName: 'Ada Example' }),
    );
    const bo = await store(
      sampleCapture({ postId: 'urn:li:activity:900', employeeName: 'Bo Example', team: 'Ops' }),
    );
    const { cookie, csrf, page } = await signIn();
    expect(page.match(/data-testid="review-item"/g)).toHaveLength(1);
    expect(page).toContain('data-testid="review-list"');
    expect(page).toContain('Ada Example (Northwind Sales)');
    expect(page).toContain('Bo Example (Ops)');
    expect(page).toMatch(/<label for="comment-0"/);
    expect(page).toMatch(/<textarea\s+id="comment-0"/);
    expect(membersOf(page)).toEqual([[`${ada.id}.1`, `${bo.id}.1`]]);

    const response = await post(
      '/review/decide',
      {
        csrf,
        decision: 'confirmed',
        comment: '  Signed a 3-year deal  ',
        member: membersOf(page)[0]!,
        back: '/review',
      },
      { cookie },
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/review?done=confirmed&applied=2&changed=0');
    for (const id of [ada.id, bo.id]) {
      const status = await captureStatus(receiver.store, id);
      expect(status.status === 200 && status.document).toMatchObject({
        state: 'confirmed',
        by: 'Dana Reviewer',
        comment: 'Signed a 3-year deal',
        credits: [
          { name: 'Ada Example', team: 'Northwind Sales' },
          { name: 'Bo Example', team: 'Ops' },
        ],
      });
    }
    const after = await (
      await request(response.headers.get('location')!, { headers: { cookie } })
    ).text();
    expect(after).toContain('Confirmed for 2 people.');
    expect(after).toContain('data-testid="review-empty"');
    const confirmed = await (
      await request('/review?state=confirmed', { headers: { cookie } })
    ).text();
    expect(confirmed.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ')).toMatch(
      /Confirmed by Dana Reviewer on \d{4}-\d\d-\d\d: “Signed a 3-year deal”/,
    );
  });

  it('refuses a decision without the session’s CSRF token, or from another origin', async () => {
    const data = await store(sampleCapture());
    const { cookie, csrf } = await signIn();
    const other = await signIn(REVIEWER, 'Someone else');
    const fields = { decision: 'declined', member: `${data.id}.1` };
    const attempts = [
      post('/review/decide', fields, { cookie }),
      post('/review/decide', { ...fields, csrf: 'forged' }, { cookie }),
      post('/review/decide', { ...fields, csrf: other.csrf }, { cookie }),
      post('/review/decide', { ...fields, csrf }, { cookie, origin: 'https://evil.example' }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.status).toBe(403);
    expect(other.csrf).not.toBe(csrf);
    const status = await captureStatus(receiver.store, data.id);
    expect(status.status === 200 && status.document.state).toBe('pending');
    // Without any session, the form is not taken either.
    const anonymous = await post('/review/decide', { ...fields, csrf });
    expect(anonymous.status).toBe(401);
  });

  it('refuses a comment over 500 characters and a malformed form, changing nothing', async () => {
    const data = await store(sampleCapture());
    const { cookie, csrf } = await signIn();
    const base = { csrf, decision: 'confirmed', member: `${data.id}.1` };
    const long = await post('/review/decide', { ...base, comment: 'x'.repeat(501) }, { cookie });
    expect(long.status).toBe(400);
    for (const fields of [
      { ...base, decision: 'maybe' },
      { ...base, member: 'not-a-capture' },
      { csrf, decision: 'confirmed' },
    ]) {
      expect((await post('/review/decide', fields, { cookie })).status).toBe(400);
    }
    const status = await captureStatus(receiver.store, data.id);
    expect(status.status === 200 && status.document.state).toBe('pending');
    const fits = await post('/review/decide', { ...base, comment: 'é'.repeat(500) }, { cookie });
    expect(fits.status).toBe(303);
  });

  it('leaves a capture revised since the page was opened pending, and says so', async () => {
    const data = await store(sampleCapture({ stage: 'in_progress' }));
    const { cookie, csrf, page } = await signIn();
    await store(sampleCapture({ id: data.id, revision: 2, postId: data.post.id, stage: 'won' }));
    const response = await post(
      '/review/decide',
      { csrf, decision: 'confirmed', member: membersOf(page)[0]! },
      { cookie },
    );
    expect(response.headers.get('location')).toContain('applied=0&changed=1');
    const notice = await (
      await request(response.headers.get('location')!, { headers: { cookie } })
    ).text();
    expect(notice).toContain('1 capture was updated or withdrawn since the page was opened');
    const status = await captureStatus(receiver.store, data.id);
    expect(status.status === 200 && status.document).toMatchObject({
      revision: 2,
      state: 'pending',
    });
  });

  it('keeps a comment as plain text: line breaks kept, control characters dropped', async () => {
    const data = await store(sampleCapture());
    const { cookie, csrf } = await signIn();
    const comment = ' Line one\r\nline\u0007 two\u0000 ';
    await post(
      '/review/decide',
      { csrf, decision: 'confirmed', comment, member: `${data.id}.1` },
      { cookie },
    );
    const status = await captureStatus(receiver.store, data.id);
    expect(status.status === 200 && status.document.comment).toBe('Line one\nline two');
  });

  it('filters by team, stage and state', async () => {
    const sales = await store(sampleCapture({ team: 'Sales', stage: 'won' }));
    const ops = await store(sampleCapture({ team: 'Ops', stage: 'in_progress' }));
    const done = await store(sampleCapture({ team: 'Ops', stage: 'won' }));
    await receiver.store.decide([
      { captureId: done.id, revision: 1, state: 'declined', at: new Date() },
    ]);
    const { cookie } = await signIn();
    const ids = async (query: string) => {
      const html = await (await request(`/review${query}`, { headers: { cookie } })).text();
      return [...html.matchAll(/data-capture-ids="([^"]+)"/g)].map((m) => m[1]);
    };
    expect((await ids('')).sort()).toEqual([sales.id, ops.id].sort());
    expect(await ids('?team=Ops')).toEqual([ops.id]);
    expect(await ids('?stage=won')).toEqual([sales.id]);
    expect(await ids('?state=declined')).toEqual([done.id]);
    expect((await ids('?state=all')).sort()).toEqual([sales.id, ops.id, done.id].sort());
    expect((await ids('?state=bogus&stage=bogus')).sort()).toEqual([sales.id, ops.id].sort());
  });

  it('escapes hostile stored text', async () => {
    await store(
      sampleCapture({
        note: '<script>alert(1)</script>',
        excerpt: '"><img src=x onerror=alert(2)>',
        authorName: '<svg onload=alert(3)>',
        employeeName: '</li><iframe src=//evil.example>',
        team: '" onfocus="alert(4)',
      }),
    );
    const { page } = await signIn('  ' + REVIEWER + '  ', '<b>Dana</b>');
    expect(page).not.toMatch(/<script|<img|<svg|<iframe|<b>/i);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&lt;/li&gt;&lt;iframe src=//evil.example&gt;');
    expect(page).toContain('Signed in as &lt;b&gt;Dana&lt;/b&gt;.');
    expect(page).not.toContain('" onfocus');
  });

  it('sends a CSP without script on the review and sign-in pages', async () => {
    const signInPage = await request('/review');
    const { cookie } = await signIn();
    const reviewPage = await request('/review', { headers: { cookie } });
    for (const response of [signInPage, reviewPage]) {
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("form-action 'self'");
      expect(csp).not.toContain('script-src');
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });
});
