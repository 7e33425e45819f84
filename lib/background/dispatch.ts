/**
 * The step every message takes once its sender is accepted: a known type, data that passes that
 * type's schema, and a handler whose failure becomes an error in plain words, never a throw.
 */
import { z } from 'zod';
import { plainError } from '../errors';
import { fail, ok, type Result } from '../result';

export async function dispatch(
  schemas: Record<string, z.ZodType>,
  handlers: Record<string, (data: never, sender: never) => Promise<unknown>>,
  type: string,
  data: unknown,
  /** Who sent it (already checked), for handlers that need to know, such as the sender's tab. */
  sender?: unknown,
): Promise<Result<unknown>> {
  if (!Object.hasOwn(schemas, type)) return fail(`Unknown request "${type}".`);
  const parsed = schemas[type]!.safeParse(data);
  if (!parsed.success) return fail(`Invalid ${type}: ${z.prettifyError(parsed.error)}`);
  try {
    const handler = handlers[type] as (input: unknown, sender: unknown) => Promise<unknown>;
    return ok(await handler(parsed.data, sender));
  } catch (error) {
    // The user-facing boundary: a UserFacingError's own words, anything else a generic message.
    return fail(plainError(error));
  }
}
