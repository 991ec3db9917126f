import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { fetchSession, logIn as requestLogIn, logOut as requestLogOut } from '../api/auth-api';
import { ApiError } from '../api/api-error';
import { onUnauthenticated } from '../api/http-client';
import { type Session, SessionContext, type SessionState } from './session-context';

/**
 * Holds who is logged in: asks `GET /api/auth/me` at start, and falls back to the login
 * screen (marked "expired") when any later API call answers 401.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'checking' });
  const [probe, setProbe] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchSession(controller.signal)
      .then((user) =>
        setState(user ? { status: 'authenticated', user } : { status: 'anonymous', expired: false }),
      )
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setState(
          error instanceof ApiError && error.status !== 0 && error.status < 500
            ? { status: 'anonymous', expired: false }
            : { status: 'unreachable' },
        );
      });
    return () => controller.abort();
  }, [probe]);

  useEffect(() => onUnauthenticated(() => setState({ status: 'anonymous', expired: true })), []);

  const logIn = useCallback(async (username: string, password: string) => {
    const user = await requestLogIn(username, password);
    setState({ status: 'authenticated', user });
  }, []);

  const logOut = useCallback(async () => {
    try {
      await requestLogOut();
    } finally {
      setState({ status: 'anonymous', expired: false });
    }
  }, []);

  const recheck = useCallback(() => {
    setState({ status: 'checking' });
    setProbe((count) => count + 1);
  }, []);

  const session = useMemo<Session>(
    () => ({ state, logIn, logOut, recheck }),
    [state, logIn, logOut, recheck],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
