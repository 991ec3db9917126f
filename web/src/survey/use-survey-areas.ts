import { useCallback, useEffect, useState } from 'react';
import { fetchAreas, type SurveyArea } from '../api/areas-api';

export type Loadable<T> =
  { status: 'loading' } | { status: 'loaded'; value: T } | { status: 'failed'; error: Error };

/** `GET /api/areas`, with a `reload` for the retry button. */
export function useSurveyAreas(): { areas: Loadable<SurveyArea[]>; reload: () => void } {
  const [areas, setAreas] = useState<Loadable<SurveyArea[]>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setAreas({ status: 'loading' });
    fetchAreas(controller.signal)
      .then((value) => setAreas({ status: 'loaded', value }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted)
          setAreas({ status: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
      });
    return () => controller.abort();
  }, [attempt]);

  const reload = useCallback(() => setAttempt((count) => count + 1), []);
  return { areas, reload };
}
