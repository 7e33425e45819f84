/**
 * The reviewers' routes: `GET /review` (sign-in form, or the wins to review), `POST /sign-in`,
 * `POST /sign-out` and `POST /review/decide`. Every POST must come from this receiver's own page
 * (Origin) and, once signed in, carry the session's CSRF token; every answer is `no-store`.
 */
import type { Context, Env, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Access } from '../access';
import type { Logger } from '../log';
import { MAX_COMMENT_LENGTH, cleanText, type DecisionInput } from '../storage/recognition';
import type { CaptureStore } from '../storage/types';
import { renderMessage, renderReview, renderSignIn } from './page';
import { noticeOf, parseReviewQuery, toReviewWinQuery } from './query';

const REVIEW_LIMIT = 200;
/** A win credits a handful of people; a form with more members than this is not ours. */
const MAX_MEMBERS = 100;
const FORM_MAX_BYTES = 32 * 1024;
const MEMBER = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{1,9})$/;

/** Only this receiver's own pages: never an open redirect. */
export function safeNext(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || value.length > 1000) return fallback;
  return /^\/(review)?(\?[^#]*)?$/.test(value) ? value : fallback;
}

export interface ReviewDeps {
  store: CaptureStore;
  access: Access;
  now: () => number;
  log: Logger;
  /** The pages' security headers (CSP and friends). */
  pageHeaders: MiddlewareHandler;
}

export function addReviewRoutes<E extends Env>(app: Hono<E>, deps: ReviewDeps): void {
  const { access, store } = deps;
  const noStore: MiddlewareHandler = async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  };
  const formLimit = bodyLimit({
    maxSize: FORM_MAX_BYTES,
    onError: (c) => c.html(renderMessage('Too large', 'This form is larger than expected.'), 413),
  });
  const forbidden = (c: Context, why: string) =>
    c.html(renderMessage('Not allowed', `${why} Reload the page and try again.`), 403);
  const disabled = (c: Context) =>
    c.html(renderMessage('Not available', 'This receiver has no reviewer token.'), 404);

  app.get('/review', deps.pageHeaders, noStore, async (c) => {
    if (!access.reviewEnabled) return disabled(c);
    const session = access.session(c);
    const url = new URL(c.req.url);
    if (!session) return c.html(renderSignIn({ next: `/review${url.search}` }), 401);
    if (session.role !== 'reviewer') {
      return c.html(
        renderSignIn({
          next: `/review${url.search}`,
          error: 'The viewer token opens the wall only: sign in with the reviewer token to review.',
        }),
        403,
      );
    }
    const query = parseReviewQuery((name) => c.req.query(name));
    const [wins, teams] = await Promise.all([
      store.recognitionWins(toReviewWinQuery(query, REVIEW_LIMIT + 1)),
      store.teams(),
    ]);
    return c.html(
      renderReview({
        wins: wins.slice(0, REVIEW_LIMIT),
        teams,
        query,
        csrf: session.csrf,
        name: session.name,
        truncated: wins.length > REVIEW_LIMIT,
        notice: noticeOf((name) => c.req.query(name)),
      }),
    );
  });

  // The form's own address, for a reload or a bookmark after a refused sign-in.
  app.get('/sign-in', deps.pageHeaders, noStore, (c) =>
    c.html(renderSignIn({ next: safeNext(c.req.query('next'), '/review') })),
  );

  app.post('/sign-in', deps.pageHeaders, noStore, formLimit, async (c) => {
    if (!access.sameOrigin(c)) return forbidden(c, 'This form was not sent from this receiver.');
    const form = await c.req.parseBody();
    const next = safeNext(form.next, '/review');
    const role = typeof form.token === 'string' ? access.roleOf(form.token) : undefined;
    if (!role) {
      return c.html(renderSignIn({ next, error: 'That token is not valid here.' }), 401);
    }
    if (access.needsHttps(c)) {
      return c.html(
        renderSignIn({
          next,
          error:
            'This receiver is reached over plain HTTP, where the sign-in cookie cannot be kept: ' +
            'put it behind HTTPS and start it with --public-url https://…',
        }),
        400,
      );
    }
    access.signIn(c, role, typeof form.name === 'string' ? form.name : undefined);
    deps.log('info', 'signed in', { role });
    return c.redirect(role === 'viewer' && next.startsWith('/review') ? '/' : next, 303);
  });

  app.post('/sign-out', deps.pageHeaders, noStore, formLimit, async (c) => {
    if (!access.sameOrigin(c)) return forbidden(c, 'This form was not sent from this receiver.');
    const session = access.session(c);
    if (session) {
      const form = await c.req.parseBody();
      if (!access.csrfMatches(session, form.csrf)) return forbidden(c, 'The form has expired.');
      access.signOut(c);
    }
    return c.redirect('/review', 303);
  });

  app.post('/review/decide', deps.pageHeaders, noStore, formLimit, async (c) => {
    if (!access.reviewEnabled) return disabled(c);
    if (!access.sameOrigin(c)) return forbidden(c, 'This form was not sent from this receiver.');
    const session = access.session(c);
    if (!session || session.role !== 'reviewer') {
      return c.html(renderSignIn({ next: '/review', error: 'Sign in to review wins.' }), 401);
    }
    const form = await c.req.parseBody({ all: true });
    if (!access.csrfMatches(session, form.csrf)) return forbidden(c, 'The form has expired.');
    const decision = form.decision;
    if (decision !== 'confirmed' && decision !== 'declined') {
      return c.html(renderMessage('Not understood', 'Choose Confirm or Decline.'), 400);
    }
    const rawComment = typeof form.comment === 'string' ? form.comment : '';
    const comment = cleanText(rawComment, MAX_COMMENT_LENGTH + 1);
    if (comment && [...comment].length > MAX_COMMENT_LENGTH) {
      return c.html(
        renderMessage(
          'Comment too long',
          `A comment holds at most ${MAX_COMMENT_LENGTH} characters: shorten it and try again.`,
        ),
        400,
      );
    }
    const given = form.member === undefined ? [] : [form.member].flat();
    const members = given.map((value) => (typeof value === 'string' ? MEMBER.exec(value) : null));
    if (members.length === 0 || members.length > MAX_MEMBERS || members.some((m) => !m)) {
      return c.html(renderMessage('Not understood', 'This form names no valid win.'), 400);
    }
    const at = new Date(deps.now());
    const decisions: DecisionInput[] = members.map((m) => ({
      captureId: m![1]!.toLowerCase(),
      revision: Number(m![2]),
      state: decision,
      ...(session.name ? { by: session.name } : {}),
      ...(comment ? { comment } : {}),
      at,
    }));
    const applied = await store.decide(decisions);
    deps.log('info', 'reviewed', { decision, applied: applied.length });
    const back = new URL(safeNext(form.back, '/review'), 'http://receiver.invalid');
    back.searchParams.set('done', decision);
    back.searchParams.set('applied', String(applied.length));
    back.searchParams.set('changed', String(decisions.length - applied.length));
    return c.redirect(`${back.pathname}${back.search}`, 303);
  });
}
