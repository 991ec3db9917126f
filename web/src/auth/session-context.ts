import { createContext, useContext } from 'react';
import type { SessionUser } from '../api/auth-api';

export type SessionState =
  | { status: 'checking' }
  | { status: 'unreachable' }
  | { status: 'anonymous'; expired: boolean }
  | { status: 'authenticated'; user: SessionUser };

export interface Session {
  state: SessionState;
  logIn(username: string, password: string): Promise<void>;
  logOut(): Promise<void>;
  recheck(): void;
}

export const SessionContext = createContext<Session | null>(null);

/** The current session; only inside SessionProvider. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a SessionProvider above it');
  return session;
}

/** The logged-in user; only on screens shown after login. */
export function useSessionUser(): SessionUser {
  const { state } = useSession();
  if (state.status !== 'authenticated') throw new Error('useSessionUser needs a logged-in session');
  return state.user;
}
