import type { SessionUser } from '../auth/sessions';

declare global {
  namespace Express {
    interface Request {
      id: string;
      user?: SessionUser;
      csrfToken?: string;
      /** The session could not be looked up (database down). */
      sessionError?: unknown;
    }
  }
}

export {};
