/**
 * The one rule for "the endpoint is down": an answer that says so (no answer at all, 429, 503:
 * `endpointDown` in the classification), or transient failures of several different captures in a
 * row. Then the endpoint, not the captures, is the problem: the run sends no more and the whole
 * outbox waits, instead of trying every capture against it.
 */
import type { Classification } from './response';

/** Transient failures of different captures in a row before the endpoint itself counts as down. */
export const ENDPOINT_DOWN_AFTER = 3;

export class EndpointWatch {
  private transientInARow = 0;
  /** Set once the endpoint counts as down: when the outbox tries again. */
  waitUntil: Date | undefined;

  /** Take one answer into account; true when the endpoint now counts as down. */
  record(classification: Classification, notBefore: Date | undefined): boolean {
    if (classification.kind === 'delivered' || classification.kind === 'rejected') {
      this.transientInARow = 0;
    } else if (classification.kind === 'retry') {
      this.transientInARow++;
      if (classification.endpointDown || this.transientInARow >= ENDPOINT_DOWN_AFTER) {
        // The latest answer's wait: a later Retry-After knows the endpoint's state best.
        this.waitUntil = notBefore;
      }
    }
    return this.down;
  }

  get down(): boolean {
    return this.waitUntil !== undefined;
  }
}
