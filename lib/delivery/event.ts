/**
 * The `sourced.v1` event envelope (shared design: recognition-endpoint.md): what a recognition
 * endpoint receives in the body of a delivery. The extension validates every event against these
 * schemas before it leaves; the reference receiver can validate what arrives with the same ones.
 */
import { z } from 'zod';
import { CaptureDataSchema, ClientSchema } from '../capture';

export const CAPTURE_EVENT_TYPES = [
  'capture.submitted',
  'capture.updated',
  'capture.withdrawn',
] as const;
export type CaptureEventType = (typeof CAPTURE_EVENT_TYPES)[number];

const timestamp = z.iso.datetime({ offset: true });

export const CaptureEventSchema = z.object({
  type: z.enum(CAPTURE_EVENT_TYPES),
  timestamp,
  data: CaptureDataSchema,
});
export type CaptureEvent = z.infer<typeof CaptureEventSchema>;

/** Sent by the options page's "Send a test" button; receivers should answer 2xx and store nothing. */
export const TestEventSchema = z.object({
  type: z.literal('capture.test'),
  timestamp,
  data: z.object({ message: z.string().max(300), client: ClientSchema }),
});
export type TestEvent = z.infer<typeof TestEventSchema>;
