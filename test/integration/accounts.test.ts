import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, findSession, MAX_SESSIONS_PER_USER } from '../../server/src/auth/sessions';
import {
  createUserIfMissing,
  FIRST_LOGIN_DELAY_SECONDS,
  FREE_FAILED_LOGINS,
  MAX_LOGIN_DELAY_SECONDS,
} from '../../server/src/auth/users';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app';

/**
 * Accounts under guessing and scripted use: waits that grow and end, one answer for every
 * failure, limits that cannot shut out an office behind one address, a session cap, the last admin.
 * Limits run at a tenth: 1 failure per address and username, 30 per address, 3 logins per account
 * in 15 minutes.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ mode: 'server', env: { RATE_LIMIT_MULTIPLIER: '0.1' } });
  for (const username of ['waiter', 'waiter2', 'office1', 'office2', 'scripted', 'second-admin', 'capped']) {
    await createUserIfMissing(app.db, {
      username,
      password: TEST_PASSWORD,
      roles: username === 'second-admin' ? ['admin'] : ['analyst'],
    });
  }
});
afterAll(() => app?.close());

const login = async (username: string, password: string) =>
  (await app.client()).post('/api/auth/login', { username, password });

async function accountState(username: string) {
  const { rows } = await app.db.query<{ failures: number; wait_s: number | null; waiting: boolean }>(
    `select failed_logins as failures, extract(epoch from locked_until - last_failed_login_at)::float8 as wait_s,
            coalesce(locked_until > now(), false) as waiting
     from users where username = $1`,
    [username],
  );
  return rows[0]!;
}

/** The clock moved on: the wait is over (a test does not sleep through it). */
const endWait = (username: string) =>
  app.db.query(`update users set locked_until = now() - interval '1 second' where username = $1`, [username]);

describe('failed logins: progressive waits that end and start over', () => {
  // Twenty password hashes one after the other (and 32 logins below): on a loaded machine a hash
  // takes seconds, so these get more than the default two minutes.
  it(
    'doubles the wait from the 5th failure, caps it, does not count tries during a wait, and starts over',
    { timeout: 600_000 },
    async () => {
      // The direct path (no HTTP): the per-address limiter would stop these long before.
      const { checkLogin } = await import('../../server/src/auth/users');
      const waits: number[] = [];
      for (let i = 1; i <= FREE_FAILED_LOGINS + 7; i++) {
        expect((await checkLogin(app.db, 'waiter', `wrong-${i}`)).ok).toBe(false);
        const state = await accountState('waiter');
        expect(state.failures).toBe(i);
        if (i >= FREE_FAILED_LOGINS) {
          waits.push(Math.round(state.wait_s!));
          // A try inside the wait, even with the right password, is refused and not counted.
          expect(await checkLogin(app.db, 'waiter', TEST_PASSWORD)).toEqual({ ok: false, reason: 'delayed' });
          expect((await accountState('waiter')).failures).toBe(i);
          await endWait('waiter');
        } else expect(state.waiting).toBe(false);
      }
      expect(waits).toEqual([2, 4, 8, 16, 32, 60, 60, 60].map((s) => Math.min(s, MAX_LOGIN_DELAY_SECONDS)));
      expect(waits[0]).toBe(FIRST_LOGIN_DELAY_SECONDS);

      // Left alone for 15 minutes, the count starts over: one more failure does not wait.
      await app.db.query(
        `update users set last_failed_login_at = now() - interval '16 minutes' where username = 'waiter'`,
      );
      await checkLogin(app.db, 'waiter', 'wrong-again');
      expect(await accountState('waiter')).toMatchObject({ failures: 1, waiting: false });
      // Once the wait is over, the right password logs in and clears the count.
      expect((await checkLogin(app.db, 'waiter', TEST_PASSWORD)).ok).toBe(true);
      expect((await accountState('waiter')).failures).toBe(0);
    },
  );

  it('gives one answer to an unknown user, a wrong password and an account that waits', async () => {
    await app.db.query(
      `update users set failed_logins = 9, last_failed_login_at = now(), locked_until = now() + interval '1 minute'
       where username = 'waiter2'`,
    );
    const waiting = await login('waiter2', TEST_PASSWORD);
    const wrong = await login('office1', 'not-the-password');
    const unknown = await login('no-such-user', 'whatever-password');
    for (const reply of [waiting, wrong, unknown]) {
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual(wrong.body);
    }
  });
});

describe('admins', () => {
  it('refuses duplicate roles with a 400', async () => {
    const admin = await app.client('admin');
    const reply = await admin.post('/api/users', {
      username: 'twice',
      roles: ['admin', 'admin'],
      password: 'Mangrove-Tide-42',
    });
    expect(reply.status).toBe(400);
    expect((await app.db.query(`select 1 from users where username = 'twice'`)).rows).toHaveLength(0);
    const patch = await admin.request('PATCH', '/api/users/office1', { roles: ['lab', 'lab'] });
    expect(patch.status).toBe(400);
  });

  it('keeps an admin when two admins demote each other at once (409 for the last one)', async () => {
    const admin = await app.client('admin');
    // Two admins demoting each other at the same moment: one wins, one admin remains.
    const second = await app.client();
    await second.login('second-admin', TEST_PASSWORD);
    const [a, b] = await Promise.all([
      admin.request('PATCH', '/api/users/second-admin', { roles: ['analyst'] }),
      second.request('PATCH', '/api/users/admin', { roles: ['analyst'] }),
    ]);
    // The loser is refused as the last admin (409), or, when the winner committed first, its
    // session already ended with its rights (401).
    const statuses = [a.status, b.status].sort();
    expect(statuses[0]).toBe(200);
    expect([401, 409]).toContain(statuses[1]);
    const { rows } = await app.db.query(
      `select username from users where 'admin' = any(roles) and not disabled order by 1`,
    );
    expect(rows).toHaveLength(1);
  });
});

// Last: once the address has reached its ceiling, even good logins wait for the window to pass.
describe('limits per address and per account', () => {
  it('throttles guessing one account from one address, not the colleagues behind the same address', async () => {
    // office1 failed once above: the second failure from this address for office1 is refused.
    const throttled = await login('office1', 'still-wrong');
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(throttled.headers.get('ratelimit-policy')).toMatch(/"login-failures-account"; q=1; w=900/);
    expect((await login('office2', TEST_PASSWORD)).status).toBe(200);
  });

  it('throttles successful logins per account (a session row each) with RateLimit headers', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 4; i++) {
      last = await login('scripted', TEST_PASSWORD);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(last!.headers.get('retry-after')).toBeTruthy();
    expect(last!.headers.get('ratelimit')).toMatch(/"logins-account"; r=0; t=\d+/);
  });

  it('ends the oldest sessions beyond the cap per account', async () => {
    const userId = Number(
      (await app.db.query<{ id: string }>(`select id from users where username = 'capped'`)).rows[0]!.id,
    );
    const tokens: string[] = [];
    for (let i = 0; i < MAX_SESSIONS_PER_USER + 2; i++)
      tokens.push((await createSession(app.db, userId)).token);
    const { rows } = await app.db.query<{ n: string }>(
      `select count(*) as n from sessions where user_id = $1`,
      [userId],
    );
    expect(Number(rows[0]!.n)).toBe(MAX_SESSIONS_PER_USER);
    expect(await findSession(app.db, tokens.at(-1)!)).not.toBeNull();
    // Two rows made in the same microsecond keep an arbitrary one of the two: the first is gone.
    const ended = await Promise.all(tokens.slice(0, 2).map((t) => findSession(app.db, t)));
    expect(ended.filter((s) => s === null).length).toBeGreaterThanOrEqual(1);
  });

  it(
    'has a ceiling per address, much higher than per account (30 here, 300 in production)',
    { timeout: 600_000 },
    async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++) statuses.push((await login(`guess-${i}`, 'wrong-password')).status);
      // Failures of the tests above count too: the ceiling is reached before the 32nd.
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses.at(-1)).toBe(429);
    },
  );
});
