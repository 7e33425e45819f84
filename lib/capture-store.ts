/**
 * Reads and writes of captures in the local database. Every change of status goes through
 * lib/capture-lifecycle.ts; every record written is parsed by the capture schema first.
 */
import {
  createCapture,
  editCapture,
  LifecycleError,
  submitCapture,
  withdrawCapture,
} from './capture-lifecycle';
import { CaptureSchema, type Capture, type Outcome } from './capture';
import type { SourcedDatabase } from './db/database';
import type { ExtractedPostSchema } from './message-schemas';
import type { CaptureSummary } from './messages';
import { UserFacingError } from './errors';
import { keptPost } from './post-privacy';
import type { Identity, Privacy } from './settings';
import type { z } from 'zod';

export interface StoreContext {
  db: SourcedDatabase;
  identity: () => Promise<Identity>;
  privacy: () => Promise<Privacy>;
  clientVersion: string;
  now?: () => Date;
  newId?: () => string;
}

export class CaptureNotFoundError extends UserFacingError {
  override name = 'CaptureNotFoundError';
}

/** What the popup learns of a capture it changed (never a content script: see CaptureRef). */
export function summarise(capture: Capture): CaptureSummary {
  return {
    id: capture.id,
    status: capture.status,
    revision: capture.revision,
    outcome: capture.outcome,
  };
}

/** A save of the capture form: the post as read (checked), the outcome, and draft or submit. */
export interface SaveCaptureRequest {
  post: z.output<typeof ExtractedPostSchema>;
  outcome: Outcome;
  /** true: queue for delivery; false: keep as a local draft. */
  submit: boolean;
  /** Editing this capture of the post rather than creating one. */
  captureId?: string;
}

/** The live capture of a post on this device (a withdrawn one no longer counts). */
export async function captureForPost(
  db: SourcedDatabase,
  postKey: string,
): Promise<Capture | undefined> {
  const all = await db.captures.where('postKey').equals(postKey).toArray();
  return all
    .filter((c) => c.status !== 'withdrawn')
    .sort((a, b) => b.capturedAt.localeCompare(a.capturedAt))[0];
}

export async function flaggedKeys(db: SourcedDatabase, postKeys: string[]): Promise<string[]> {
  const found = await db.captures.where('postKey').anyOf(postKeys).toArray();
  return [...new Set(found.filter((c) => c.status !== 'withdrawn').map((c) => c.postKey))];
}

/**
 * Save the form of a post: create a capture, or edit the post's existing one. One post has one
 * live capture: a second save without `captureId` edits the existing capture instead of
 * duplicating it.
 */
export async function saveCapture(
  ctx: StoreContext,
  request: SaveCaptureRequest,
): Promise<Capture> {
  const now = ctx.now?.() ?? new Date();
  const [identity, privacy] = await Promise.all([ctx.identity(), ctx.privacy()]);
  const post = await keptPost(request.post, privacy);
  const { db } = ctx;
  return db.transaction('rw', db.captures, async () => {
    const existing = request.captureId
      ? await db.captures.get(request.captureId)
      : await captureForPost(db, request.post.key);
    if (request.captureId && !existing) {
      throw new CaptureNotFoundError('That capture no longer exists; it may have been deleted.');
    }
    if (existing && existing.postKey !== request.post.key) {
      throw new LifecycleError('That capture belongs to another post.');
    }
    const next = existing
      ? editCapture(existing, request.outcome, identity, request.submit, now)
      : createCapture({
          id: ctx.newId?.() ?? crypto.randomUUID(),
          platform: request.post.platform,
          post,
          postKey: request.post.key,
          outcome: request.outcome,
          employee: identity,
          clientVersion: ctx.clientVersion,
          submit: request.submit,
          now,
        });
    await db.captures.put(next);
    return next;
  });
}

async function update(
  db: SourcedDatabase,
  id: string,
  change: (capture: Capture) => Capture,
): Promise<Capture> {
  return db.transaction('rw', db.captures, async () => {
    const capture = await db.captures.get(id);
    if (!capture) throw new CaptureNotFoundError('That capture no longer exists.');
    const next = change(capture);
    await db.captures.put(next);
    return next;
  });
}

export function submit(ctx: StoreContext, id: string): Promise<Capture> {
  const now = ctx.now?.() ?? new Date();
  return ctx
    .identity()
    .then((identity) => update(ctx.db, id, (c) => submitCapture(c, identity, now)));
}

export function withdraw(ctx: StoreContext, id: string): Promise<Capture> {
  const now = ctx.now?.() ?? new Date();
  return update(ctx.db, id, (c) => withdrawCapture(c, now));
}

/** Edit the outcome of a stored capture by its id (the popup's edit form). */
export function editOutcome(
  ctx: StoreContext,
  id: string,
  outcome: Outcome,
  submit: boolean,
): Promise<Capture> {
  const now = ctx.now?.() ?? new Date();
  return ctx
    .identity()
    .then((identity) => update(ctx.db, id, (c) => editCapture(c, outcome, identity, submit, now)));
}

/** Queue every draft with the current identity; returns how many were queued. */
export async function submitAllDrafts(ctx: StoreContext): Promise<number> {
  const now = ctx.now?.() ?? new Date();
  const identity = await ctx.identity();
  const { db } = ctx;
  return db.transaction('rw', db.captures, async () => {
    const drafts = await db.captures.where('status').equals('draft').toArray();
    await db.captures.bulkPut(drafts.map((c) => submitCapture(c, identity, now)));
    return drafts.length;
  });
}

/**
 * Delete a capture from this browser (not from the endpoint: that is what withdraw is for) and
 * return it as it was, so that an undo can put it back.
 */
export async function deleteCapture(db: SourcedDatabase, id: string): Promise<Capture> {
  return db.transaction('rw', db.captures, async () => {
    const capture = await db.captures.get(id);
    if (!capture) throw new CaptureNotFoundError('That capture no longer exists.');
    if (capture.status === 'delivering') {
      throw new LifecycleError('This capture is being delivered right now; delete it in a moment.');
    }
    await db.captures.delete(id);
    return capture;
  });
}

/**
 * Undo a delete: the capture comes back exactly as it was (id, status, revision, delivery
 * history). `add`, not `put`: it never overwrites a capture that took its id meanwhile.
 */
export async function restoreCapture(db: SourcedDatabase, capture: Capture): Promise<Capture> {
  const record = CaptureSchema.parse(capture);
  await db.captures.add(record);
  return record;
}
