/**
 * Protocol v1.1 (recognition-endpoint.md): what became of a win. A 2xx receipt carries
 * `status: <origin>/v1/captures/<capture id>`, and `GET` on it answers the state document
 * `{captureId, revision, state, by?, comment?, credits, at}`.
 *
 * Authorisation: the extension asks with the same bearer token and custom headers as its
 * deliveries, without a body and so without a signature (Standard Webhooks signs bodies). When the
 * receiver has a delivery token, the GET needs it. Without one, the capture id is the credential: a
 * random UUID that only the employee's extension and this receiver know (122 random bits); anything
 * else than a UUID is answered 404 without a lookup.
 */
import type { Context, Hono } from 'hono';
import type { Env } from 'hono';
import { checkBearer } from './auth';
import type { RecognitionState } from './storage/recognition';
import type { CaptureStore } from './storage/types';

export const STATUS_PATH = '/v1/captures/:id';

export interface StateDocument {
  captureId: string;
  revision: number;
  state: RecognitionState;
  by?: string;
  comment?: string;
  credits: { name?: string; team?: string }[];
  /** When the state was reached: the decision, or the receipt of the pending revision. */
  at: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function statusUrl(base: string, captureId: string): string {
  return `${base}/v1/captures/${captureId}`;
}

export type StatusAnswer =
  { status: 200; document: StateDocument } | { status: 404 } | { status: 410 };

/** The state of one capture: 404 unknown, 410 withdrawn (the extension then stops asking). */
export async function captureStatus(store: CaptureStore, id: string): Promise<StatusAnswer> {
  if (!UUID.test(id)) return { status: 404 };
  const captureId = id.toLowerCase();
  const stored = await store.get(captureId);
  if (!stored) return { status: 404 };
  if (stored.withdrawn) return { status: 410 };
  const [win] = await store.recognitionWins({ captureId, limit: 1 });
  const member = win?.members.find((m) => m.capture.data.id === captureId);
  if (!win || !member) return { status: 404 };
  const { review } = member;
  return {
    status: 200,
    document: {
      captureId,
      revision: member.capture.data.revision,
      state: member.state,
      ...(review?.by ? { by: review.by } : {}),
      ...(review?.comment ? { comment: review.comment } : {}),
      credits: win.members.map(({ capture: { data } }) => ({
        ...(data.employee.name ? { name: data.employee.name } : {}),
        ...(data.employee.team ? { team: data.employee.team } : {}),
      })),
      at: review?.at ?? member.capture.updatedAt,
    },
  };
}

export function addStatusRoute<E extends Env>(
  app: Hono<E>,
  deps: {
    store: CaptureStore;
    /** The delivery bearer tokens in force (none: the route is open, like deliveries). */
    tokens: () => readonly string[];
    fail: (c: Context<E>, status: 401 | 404 | 410 | 503, error: string) => Response;
  },
): void {
  app.get(STATUS_PATH, async (c) => {
    const tokens = deps.tokens();
    if (tokens.length > 0) {
      const error = checkBearer(tokens, c.req.header('authorization'));
      if (error) {
        c.header('WWW-Authenticate', 'Bearer');
        return deps.fail(c, 401, error);
      }
    }
    let answer: StatusAnswer;
    try {
      answer = await captureStatus(deps.store, c.req.param('id'));
    } catch {
      c.header('Retry-After', '30');
      return deps.fail(c, 503, 'The receiver cannot read captures right now; retry later.');
    }
    if (answer.status === 404) return deps.fail(c, 404, 'No capture with this id.');
    if (answer.status === 410) return deps.fail(c, 410, 'This capture was withdrawn.');
    return c.json(answer.document, 200, { 'Cache-Control': 'no-store' });
  });
}
