import type { OfficeView } from '../offices/office';
import type { Role } from './roles';

/**
 * Who is logged in, as the session routes answer it: the login gives the name and roles; the
 * session probe (`GET /api/auth/session`, `/api/auth/me`) adds the display name and the office.
 */
export interface SessionUserView {
  username: string;
  roles: Role[];
  displayName?: string | null;
  office?: OfficeView | null;
}

/** `POST /api/auth/login`, `GET /api/auth/session` (when logged in) and `GET /api/auth/me`. */
export interface SessionReply {
  user: SessionUserView;
  /** Sent back as `X-CSRF-Token` with every write. */
  csrfToken: string;
}
