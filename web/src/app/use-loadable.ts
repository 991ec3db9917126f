import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import type { Loadable } from '../survey/use-survey-areas';

/**
 * Runs `load` when mounted and whenever `key` changes or `reload()` is called; keeps the last
 * value while reloading (`refreshing`), so a live list does not flash empty on each update.
 */
export function useLoadable<T>(
  load: (signal: AbortSignal) => Promise<T>,
  key: string = '',
): { state: Loadable<T>; refreshing: boolean; reload: () => void } {
  const [state, setState] = useState<Loadable<T>>({ status: 'loading' });
  const [refreshing, setRefreshing] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // The latest `load` is called; `key` and `attempt` decide when.
  const loadNow = useEffectEvent((signal: AbortSignal) => load(signal));

  useEffect(() => {
    const controller = new AbortController();
    setRefreshing(true);
    loadNow(controller.signal)
      .then((value) => setState({ status: 'loaded', value }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted)
          setState({ status: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
      })
      .finally(() => {
        if (!controller.signal.aborted) setRefreshing(false);
      });
    return () => controller.abort();
  }, [key, attempt]);

  const reload = useCallback(() => setAttempt((count) => count + 1), []);
  return { state, refreshing, reload };
}

/** The value when loaded, else `fallback`. */
export function loadedOr<T>(state: Loadable<T>, fallback: T): T {
  return state.status === 'loaded' ? state.value : fallback;
}
