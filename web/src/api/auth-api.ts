import type { Role } from '@skywater/core/auth/roles';
import type { SessionReply, SessionUserView } from '@skywater/core/auth/session-view';
import type { JsonReply } from '@skywater/core/http/json-reply';
import { apiRequest, setCsrfToken } from './http-client';

/** What the platform lets a user do; a user may hold several (docs/api-contract.md, "Sessions"). */
export type { Role };

/** Who is logged in, as the session routes answer it (declared in core). */
export type SessionUser = JsonReply<SessionUserView>;

/** `POST /api/auth/login`; remembers the CSRF token for later writes. 401 on a wrong password. */
export async function logIn(username: string, password: string): Promise<SessionUser> {
  const reply = await apiRequest<SessionReply>('/api/auth/login', {
    method: 'POST',
    body: { username, password },
    reportUnauthenticated: false,
  });
  setCsrfToken(reply.csrfToken);
  return reply.user;
}

/**
 * `GET /api/auth/session`: the current session's user, or null when nobody is logged in (the
 * route answers 200 either way, so the login page logs no failed request).
 */
export async function fetchSession(signal?: AbortSignal): Promise<SessionUser | null> {
  const reply = await apiRequest<SessionReply | { user: null }>('/api/auth/session', {
    signal,
    reportUnauthenticated: false,
  });
  if (!reply.user) return null;
  setCsrfToken((reply as SessionReply).csrfToken);
  return reply.user;
}

/** `POST /api/auth/logout`; forgets the CSRF token even when the server was unreachable. */
export async function logOut(): Promise<void> {
  try {
    await apiRequest<unknown>('/api/auth/logout', { method: 'POST', reportUnauthenticated: false });
  } finally {
    setCsrfToken(null);
  }
}
