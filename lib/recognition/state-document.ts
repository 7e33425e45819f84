/**
 * The state document a v1.1 endpoint answers at a capture's status URL, validated. Anything that
 * does not match — not JSON, another capture, an unknown state, a comment over 500 characters —
 * is "no news": the extension keeps what it knew and asks again later. The reviewer's words are
 * plain text: control and bidi characters are removed, and the popup renders them as text.
 */
import { z } from 'zod';
import { cleanText } from '../clean-text';
import { RECOGNITION_STATES, type StateDocument } from './record';

export const MAX_COMMENT = 500;
const MAX_NAME = 200;
/** More names than any shared win has; a longer list is cut, not refused. */
const MAX_CREDITS = 50;

/** Optional plain text: absent, null and blank all mean "not said". */
const plain = (max: number) =>
  z
    .string()
    .transform(cleanText)
    .pipe(z.string().max(max))
    .nullish()
    .transform((v) => (v ? v : undefined));

export const StateDocumentSchema = z.object({
  captureId: z.string().min(1).max(300),
  revision: z.number().int().min(1),
  state: z.enum(RECOGNITION_STATES),
  by: plain(MAX_NAME),
  comment: plain(MAX_COMMENT),
  credits: z
    .array(z.object({ name: plain(MAX_NAME), team: plain(MAX_NAME) }))
    .transform((list) => list.filter((c) => c.name || c.team).slice(0, MAX_CREDITS))
    .nullish()
    .transform((v) => v ?? undefined),
  at: z.iso
    .datetime({ offset: true })
    .nullish()
    .transform((v) => v ?? undefined),
});

/** The document in `bodyText` when it is a valid answer about `captureId`, else undefined. */
export function parseStateDocument(bodyText: string, captureId: string): StateDocument | undefined {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  const parsed = StateDocumentSchema.safeParse(body);
  if (!parsed.success || parsed.data.captureId !== captureId) return undefined;
  // Optional fields the endpoint left out stay out, rather than present as undefined.
  return JSON.parse(JSON.stringify(parsed.data)) as StateDocument;
}
