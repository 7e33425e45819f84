/** Errors in plain words for the person using Sourced, without internals or secrets. */

/**
 * The one base class of errors whose message is written for the person using Sourced: the UI
 * boundary (plainError, the background's dispatch) shows its message as it is. Every other error
 * is an internal one and is shown as "Something went wrong inside Sourced".
 */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

export function plainError(error: unknown): string {
  if (error instanceof UserFacingError) return error.message;
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
