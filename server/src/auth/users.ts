import type { Queryable } from '@skywater/core/db/db';
import { hashPassword, verifyPassword } from '@skywater/core/auth/password';
import type { Role } from '../http/route-table';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export interface NewUser {
  username: string;
  password: string;
  roles: Role[];
  displayName?: string;
}

/** Creates a user, or does nothing if the name is taken; returns whether it was created. */
export async function createUserIfMissing(db: Queryable, user: NewUser): Promise<boolean> {
  const passwordHash = await hashPassword(user.password);
  const { rowCount } = await db.query(
    `insert into users (username, display_name, password_hash, roles) values ($1, $2, $3, $4)
     on conflict (username) do nothing`,
    [user.username, user.displayName ?? null, passwordHash, user.roles],
  );
  return rowCount > 0;
}

export type LoginOutcome =
  | { ok: true; userId: number; username: string; roles: Role[] }
  | { ok: false; reason: 'bad_credentials' | 'locked' };

// A valid hash to compare against for unknown users, so timing does not reveal who exists.
let decoyHash: Promise<string> | undefined;

/**
 * Checks a password with lockout: after MAX_FAILED_LOGINS wrong tries the account is locked for
 * LOCKOUT_MINUTES. Unknown users and wrong passwords give the same answer.
 */
export async function checkLogin(db: Queryable, username: string, password: string): Promise<LoginOutcome> {
  const { rows } = await db.query<{
    id: number;
    password_hash: string;
    roles: Role[];
    disabled: boolean;
    locked: boolean;
  }>(
    `select id, password_hash, roles, disabled, coalesce(locked_until > now(), false) as locked
     from users where username = $1`,
    [username.toLowerCase()],
  );
  const user = rows[0];
  if (!user) {
    decoyHash ??= hashPassword('decoy-password-not-used');
    await verifyPassword(password, await decoyHash);
    return { ok: false, reason: 'bad_credentials' };
  }
  if (user.locked) return { ok: false, reason: 'locked' };
  const good = !user.disabled && (await verifyPassword(password, user.password_hash));
  if (!good) {
    await db.query(
      `update users set failed_logins = failed_logins + 1,
         locked_until = case when failed_logins + 1 >= $2 then now() + make_interval(mins => $3) else locked_until end
       where id = $1`,
      [user.id, MAX_FAILED_LOGINS, LOCKOUT_MINUTES],
    );
    return { ok: false, reason: 'bad_credentials' };
  }
  await db.query('update users set failed_logins = 0, locked_until = null where id = $1', [user.id]);
  return { ok: true, userId: user.id, username: username.toLowerCase(), roles: user.roles };
}
