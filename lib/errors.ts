/** Errors in plain words for the person using Sourced, without internals or secrets. */
import { CaptureNotFoundError } from './capture-store';
import { LifecycleError } from './capture-lifecycle';

export function plainError(error: unknown): string {
  if (error instanceof LifecycleError || error instanceof CaptureNotFoundError)
    return error.message;
  const name = (error as { name?: string } | null)?.name;
  const inner = (error as { inner?: { name?: string } } | null)?.inner?.name;
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
    return 'The browser has no storage space left for Sourced. Free some disk space or export and delete old captures; nothing was changed.';
  }
  if (name === 'MissingAPIError' || name === 'OpenFailedError' || name === 'DatabaseClosedError') {
    return 'The browser refused Sourced its database (private window or disabled storage?). Nothing was saved.';
  }
  return 'Something went wrong inside Sourced; nothing was changed. Try again, and report it if it persists.';
}
