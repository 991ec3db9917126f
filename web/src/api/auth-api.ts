import { apiRequest, setCsrfToken } from './http-client';

/** What the platform lets a user do; a user may hold several (API.md, "Sessions"). */
export type Role = 'lab' | 'analyst' | 'pilot' | 'admin';

export interface SessionUser {
  username: string;
  roles: Role[];
}

interface SessionReply {
  user: SessionUser;
  csrfToken: string;
}

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

/** `GET /api/auth/me`: the current session's user, or null when nobody is logged in. */
export async function fetchSession(signal?: AbortSignal): Promise<SessionUser | null> {
  try {
    const reply = await apiRequest<SessionReply>('/api/auth/me', { signal, reportUnauthenticated: false });
    setCsrfToken(reply.csrfToken);
    return reply.user;
  } catch (error) {
    if (error instanceof Error && 'status' in error && error.status === 401) return null;
    throw error;
  }
}

/** `POST /api/auth/logout`; forgets the CSRF token even when the server was unreachable. */
export async function logOut(): Promise<void> {
  try {
    await apiRequest<unknown>('/api/auth/logout', { method: 'POST', reportUnauthenticated: false });
  } finally {
    setCsrfToken(null);
  }
}
