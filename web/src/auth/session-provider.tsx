import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  fetchSession,
  logIn as requestLogIn,
  logOut as requestLogOut,
  type SessionUser,
} from '../api/auth-api';
import { ApiError } from '../api/api-error';
import { onUnauthenticated } from '../api/http-client';
import { rememberRoles } from './remembered-roles';
import { type Session, SessionContext, type SessionState } from './session-context';

/**
 * Holds who is logged in: asks `GET /api/auth/me` at start (or takes `firstCheck`, the same
 * request started before the first render), and falls back to the login screen (marked
 * "expired") when any later API call answers 401.
 */
export function SessionProvider({
  children,
  firstCheck,
}: {
  children: ReactNode;
  firstCheck?: Promise<SessionUser | null>;
}) {
  const [state, setState] = useState<SessionState>({ status: 'checking' });
  const [probe, setProbe] = useState(0);
  const pendingFirstCheck = useRef(firstCheck);

  useEffect(() => {
    const controller = new AbortController();
    const check = pendingFirstCheck.current ?? fetchSession(controller.signal);
    pendingFirstCheck.current = undefined;
    check
      .then((user) => {
        if (controller.signal.aborted) return;
        setState(user ? { status: 'authenticated', user } : { status: 'anonymous', expired: false });
      })
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
    rememberRoles(globalThis.localStorage, user.roles);
    setState({ status: 'authenticated', user });
  }, []);

  const logOut = useCallback(async () => {
    try {
      await requestLogOut();
    } finally {
      rememberRoles(globalThis.localStorage, null);
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
