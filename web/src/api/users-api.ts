import type { UserView } from '@skywater/core/auth/user-view';
import type { JsonReply } from '@skywater/core/http/json-reply';
import type { Role } from './auth-api';
import { apiRequest } from './http-client';

/** An account as `GET /api/users` lists it, as the server declares it. */
export type UserAccount = JsonReply<UserView>;

export interface NewUser {
  username: string;
  displayName?: string;
  roles: Role[];
  password: string;
  /** Default: the admin's own office. */
  officeId?: number;
}

/** What an admin may change; the server ends the account's sessions on roles, disabled or password. */
export interface UserChange {
  displayName?: string | null;
  roles?: Role[];
  disabled?: boolean;
  password?: string;
  officeId?: number;
}

export function fetchUsers(signal?: AbortSignal): Promise<UserAccount[]> {
  return apiRequest<UserAccount[]>('/api/users', { signal });
}

export function createUser(user: NewUser): Promise<UserAccount> {
  return apiRequest<UserAccount>('/api/users', { method: 'POST', body: user });
}

export function changeUser(username: string, change: UserChange): Promise<UserAccount> {
  return apiRequest<UserAccount>(`/api/users/${encodeURIComponent(username)}`, {
    method: 'PATCH',
    body: change,
  });
}
