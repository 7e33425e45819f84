/**
 * The delivery envelope `{type, timestamp, data}`, validated with the very schemas the extension
 * validates it with before sending (lib/delivery/event.ts).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  CAPTURE_EVENT_TYPES,
  CaptureEventSchema,
  TestEventSchema,
  type CaptureEvent,
  type TestEvent,
} from '../lib/delivery/event';

export const EVENT_TYPES = [...CAPTURE_EVENT_TYPES, 'capture.test'] as const;

const TypeSchema = z.object({
  type: z.enum(EVENT_TYPES, { error: `must be one of ${EVENT_TYPES.join(', ')}` }),
});

export type ParsedEvent = CaptureEvent | TestEvent;

export interface Issue {
  path: string;
  message: string;
}

export type ParseResult =
  | { ok: true; event: ParsedEvent; bodySha256: string }
  | { ok: false; error: string; issues: Issue[] };

export function parseEvent(body: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, error: 'The body is not JSON.', issues: [] };
  }
  const typed = TypeSchema.safeParse(json);
  if (!typed.success) return invalid(typed.error);
  const schema = typed.data.type === 'capture.test' ? TestEventSchema : CaptureEventSchema;
  const parsed = schema.safeParse(json);
  if (!parsed.success) return invalid(parsed.error);
  const event = parsed.data;
  return {
    ok: true,
    event,
    // The hash covers what is stored: the validated data, whose keys Zod emits in the schema's
    // order whatever the order received. The envelope's timestamp, which may change between
    // retries of one event, is left out.
    bodySha256: createHash('sha256')
      .update(JSON.stringify({ type: event.type, data: event.data }))
      .digest('hex'),
  };
}

function invalid(error: z.ZodError): ParseResult {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
  const shown = issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`);
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return { ok: false, error: `The capture is not valid: ${shown.join('; ')}${more}.`, issues };
}
