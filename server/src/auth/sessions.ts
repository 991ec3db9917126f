import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '@skywater/core/db/db';
import type { Role } from '@skywater/core/auth/roles';

export interface SessionUser {
  id: number;
  username: string;
  displayName: string | null;
  roles: Role[];
  /** The office the account belongs to. */
  officeId: number;
  /** Its office and every office below it: what this session may see (README "Offices"). */
  visibleOfficeIds: number[];
}

export interface LiveSession {
  user: SessionUser;
  csrfToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export const SESSION_COOKIE = 'sw_session';
export const SESSION_TTL_HOURS = 12;
/** Sessions one account keeps (browsers, devices); logging in again ends the oldest beyond it. */
export const MAX_SESSIONS_PER_USER = 10;

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A new server-side session; the cookie carries a random token, the table only its hash. The
 * account's oldest sessions beyond MAX_SESSIONS_PER_USER end.
 */
export async function createSession(db: Queryable, userId: number) {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.query(
    `insert into sessions (token_sha256, user_id, csrf_token, expires_at)
     values ($1, $2, $3, now() + make_interval(hours => $4))`,
    [sha256(token), userId, csrfToken, SESSION_TTL_HOURS],
  );
  await db.query(
    `delete from sessions where user_id = $1 and token_sha256 not in (
       select token_sha256 from sessions where user_id = $1 order by created_at desc, token_sha256 limit $2)`,
    [userId, MAX_SESSIONS_PER_USER],
  );
  return { token, csrfToken };
}

/**
 * The live session for a cookie token: unexpired, its user not disabled (read on every request,
 * so logout and disabling take effect at once). The sliding expiry is written at most once a
 * minute per session: a write on every request would cost a commit each.
 */
export async function findSession(db: Queryable, token: string): Promise<LiveSession | null> {
  const tokenHash = sha256(token);
  const { rows } = await db.query<{
    id: number;
    username: string;
    display_name: string | null;
    roles: Role[];
    office_id: number;
    visible_office_ids: number[];
    csrf_token: string;
    expires_at: Date;
    stale: boolean;
  }>(
    `select u.id, u.username, u.display_name, u.roles, u.office_id,
            array(select office_subtree(u.office_id))::int[] as visible_office_ids, s.csrf_token, s.expires_at,
            s.last_seen_at < now() - interval '60 seconds' as stale
     from sessions s join users u on u.id = s.user_id
     where s.token_sha256 = $1 and s.expires_at > now() and not u.disabled`,
    [tokenHash],
  );
  const row = rows[0];
  if (!row) return null;
  let expiresAt = row.expires_at.getTime();
  if (row.stale) {
    const { rows: renewed } = await db.query<{ expires_at: Date }>(
      `update sessions set last_seen_at = now(), expires_at = now() + make_interval(hours => $2)
       where token_sha256 = $1 returning expires_at`,
      [tokenHash, SESSION_TTL_HOURS],
    );
    if (renewed[0]) expiresAt = renewed[0].expires_at.getTime();
  }
  const user: SessionUser = {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    officeId: row.office_id,
    visibleOfficeIds: row.visible_office_ids,
  };
  return { user, csrfToken: row.csrf_token, expiresAt };
}

export async function deleteSession(db: Queryable, token: string): Promise<void> {
  await db.query('delete from sessions where token_sha256 = $1', [sha256(token)]);
}

export async function deleteUserSessions(db: Queryable, userId: number): Promise<void> {
  await db.query('delete from sessions where user_id = $1', [userId]);
}
