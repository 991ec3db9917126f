import type { Db, Queryable } from '@skywater/core/db/db';
import { hashPassword, verifyPassword } from '@skywater/core/auth/password';
import type { Role } from '@skywater/core/auth/roles';

/** Wrong passwords in a row before the account starts to wait; each further one doubles the wait. */
export const FREE_FAILED_LOGINS = 5;
/** The first wait after the free failures, doubled on each further failure. */
export const FIRST_LOGIN_DELAY_SECONDS = 2;
/** The wait never grows beyond this: whoever fails on purpose cannot keep the owner out longer. */
export const MAX_LOGIN_DELAY_SECONDS = 60;
/** A quiet spell after the last failure that starts the count over. */
export const FAILED_LOGINS_FORGOTTEN_MINUTES = 15;

export interface NewUser {
  username: string;
  password: string;
  roles: Role[];
  displayName?: string;
  /** The office the account belongs to; default the province (the tree's root). */
  officeId?: number;
}

/** Creates a user, or does nothing if the name is taken; returns whether it was created. */
export async function createUserIfMissing(db: Queryable, user: NewUser): Promise<boolean> {
  const passwordHash = await hashPassword(user.password);
  const { rowCount } = await db.query(
    `insert into users (username, display_name, password_hash, roles, office_id) values ($1, $2, $3, $4, $5)
     on conflict (username) do nothing`,
    [user.username, user.displayName ?? null, passwordHash, user.roles, user.officeId ?? null],
  );
  return rowCount > 0;
}

export type LoginOutcome =
  | { ok: true; userId: number; username: string; roles: Role[] }
  | { ok: false; reason: 'bad_credentials' | 'delayed' };

// A valid hash to compare against for unknown users, so timing does not reveal who exists.
let decoyHash: Promise<string> | undefined;

/**
 * Checks a password. Every outcome — unknown user, wrong password, disabled, or an account inside
 * its wait — costs one scrypt and gives the same answer, so neither timing nor status tells them
 * apart. From the FREE_FAILED_LOGINS-th wrong password in a row, the account waits before a password is
 * checked again: FIRST_LOGIN_DELAY_SECONDS, doubling per failure, at most MAX_LOGIN_DELAY_SECONDS.
 * A try during the wait is refused without being counted (it cannot push the wait further), and
 * the count starts over after FAILED_LOGINS_FORGOTTEN_MINUTES without a failure, or on success.
 *
 * One read before the password hash, then one transaction for every write of the login: the
 * count (or its reset) and what `record` writes (the session, the audit row). On the embedded
 * database, whose one backend runs one statement at a time, a login thus waits for other people's
 * statements at most twice (before its read, before its transaction), not before each statement;
 * and a session is never stored without its audit row, nor a failure counted without it.
 */
export async function logIn<T>(
  db: Db,
  username: string,
  password: string,
  record: (tx: Queryable, outcome: LoginOutcome) => Promise<T>,
): Promise<T> {
  const { rows } = await db.query<{
    id: number;
    password_hash: string;
    roles: Role[];
    disabled: boolean;
    waiting: boolean;
  }>(
    `select id, password_hash, roles, disabled, coalesce(locked_until > now(), false) as waiting
     from users where username = $1`,
    [username.toLowerCase()],
  );
  const user = rows[0];
  const decide = async (): Promise<LoginOutcome> => {
    if (!user) {
      decoyHash ??= hashPassword('decoy-password-not-used');
      await verifyPassword(password, await decoyHash);
      return { ok: false, reason: 'bad_credentials' };
    }
    const matches = await verifyPassword(password, user.password_hash);
    if (user.waiting) return { ok: false, reason: 'delayed' };
    if (!matches || user.disabled) return { ok: false, reason: 'bad_credentials' };
    return { ok: true, userId: user.id, username: username.toLowerCase(), roles: user.roles };
  };
  const outcome = await decide();
  return db.transaction(async (tx) => {
    if (outcome.ok)
      await tx.query(
        'update users set failed_logins = 0, locked_until = null, last_failed_login_at = null where id = $1',
        [outcome.userId],
      );
    // A known account's wrong password counts; a try inside its wait does not.
    else if (user && outcome.reason === 'bad_credentials') await recordFailure(tx, user.id);
    return record(tx, outcome);
  });
}

/** logIn with nothing more written: the outcome alone. */
export function checkLogin(db: Db, username: string, password: string): Promise<LoginOutcome> {
  return logIn(db, username, password, async (_tx, outcome) => outcome);
}

async function recordFailure(db: Queryable, userId: number): Promise<void> {
  await db.query(
    `with counted as (
       select case when last_failed_login_at is null
                     or last_failed_login_at < now() - make_interval(mins => $5)
                   then 1 else failed_logins + 1 end as failures
       from users where id = $1
     )
     update users set failed_logins = counted.failures,
       last_failed_login_at = now(),
       locked_until = case when counted.failures >= $2
         then now() + make_interval(secs => least($4::float8, $3::float8 * power(2, least(counted.failures - $2, 30))))
         else null end
     from counted where users.id = $1`,
    [
      userId,
      FREE_FAILED_LOGINS,
      FIRST_LOGIN_DELAY_SECONDS,
      MAX_LOGIN_DELAY_SECONDS,
      FAILED_LOGINS_FORGOTTEN_MINUTES,
    ],
  );
}
