/** Dexie's liveQuery as a Preact hook: the result follows the database, whoever writes to it. */
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/** `initial`: what to show until the query first answers (read some other way, earlier). */
export function useLiveQuery<T>(
  query: () => Promise<T>,
  deps: unknown[],
  initial?: T,
): { value: T | undefined; error: unknown } {
  const [state, setState] = useState<{ value: T | undefined; error: unknown }>(() => ({
    value: initial,
    error: undefined,
  }));
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => setState({ value, error: undefined }),
      error: (error) => setState((current) => ({ value: current.value, error })),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return state;
}
