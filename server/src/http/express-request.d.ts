import type { SessionUser } from '../auth/sessions';

declare global {
  namespace Express {
    interface Request {
      id: string;
      user?: SessionUser;
      csrfToken?: string;
    }
  }
}

export {};
