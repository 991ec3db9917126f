import type { Role } from './roles';

/** An account as `GET /api/users` lists it and the user routes answer it (never its password). */
export interface UserView {
  id: number;
  username: string;
  displayName: string | null;
  roles: Role[];
  /** The office the account belongs to. */
  officeId: number;
  disabled: boolean;
  /** Locked for a while after too many wrong passwords. */
  locked: boolean;
  createdAt: Date;
  updatedAt: Date;
}
