import { describe, expect, it, vi } from 'vitest';
import type { Db, NotificationHandlers } from '@skywater/core/db/db';
import { SESSION_RECHECK_MS, SessionCache } from './session-cache';
import type { LiveSession } from './sessions';

function fakeDb() {
  let handlers: NotificationHandlers | undefined;
  const db = {
    query: vi.fn(async () => ({ rows: [{ schema: 'public' }], rowCount: 1 })),
    listen: vi.fn(async (_channel: string, h: NotificationHandlers) => {
      handlers = h;
      return async () => undefined;
    }),
  } as unknown as Db;
  return { db, handlers: () => handlers! };
}

/** Lets the cache's start (its schema read, then listen) finish. */
const started = () => new Promise((resolve) => setImmediate(resolve));

const session = (expiresInMs = 3_600_000): LiveSession => ({
  user: { id: 1, username: 'a', displayName: null, roles: ['analyst'], officeId: 1, visibleOfficeIds: [1] },
  csrfToken: 'csrf',
  expiresAt: Date.now() + expiresInMs,
});

describe('SessionCache', () => {
  it('asks the database once while it follows notifications, again after a notification', async () => {
    const { db, handlers } = fakeDb();
    const cache = new SessionCache(db);
    const load = vi.fn(async () => session());
    await cache.lookup('token', load);
    await started();
    handlers().onListening(true);
    await cache.lookup('token', load);
    await cache.lookup('token', load);
    expect(load).toHaveBeenCalledTimes(2);
    handlers().onNotify('public.users');
    await cache.lookup('token', load);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('keeps nothing while notifications may be missed', async () => {
    const { db, handlers } = fakeDb();
    const cache = new SessionCache(db);
    const load = vi.fn(async () => session());
    await cache.lookup('token', load);
    await started();
    handlers().onListening(true);
    await cache.lookup('token', load);
    handlers().onListening(false);
    await cache.lookup('token', load);
    await cache.lookup('token', load);
    expect(load).toHaveBeenCalledTimes(4);
  });

  it('never serves an expired session, a refused token, or one read while a change arrived', async () => {
    const { db, handlers } = fakeDb();
    const cache = new SessionCache(db);
    await cache.lookup('warm-up', async () => null);
    await started();
    handlers().onListening(true);

    const expiring = vi.fn(async () => session(-1));
    await cache.lookup('expired', expiring);
    await cache.lookup('expired', expiring);
    expect(expiring).toHaveBeenCalledTimes(2);

    const refused = vi.fn(async () => null);
    expect(await cache.lookup('bad', refused)).toBeNull();
    expect(await cache.lookup('bad', refused)).toBeNull();
    expect(refused).toHaveBeenCalledTimes(2);

    // A notification lands while the row is being read: the answer is used once, not kept.
    const racing = vi.fn(async () => {
      handlers().onNotify('public.sessions');
      return session();
    });
    await cache.lookup('race', racing);
    await cache.lookup('race', racing);
    expect(racing).toHaveBeenCalledTimes(2);
  });

  it('forgets only the sessions a notification names as ended, and ignores another schema', async () => {
    const { db, handlers } = fakeDb();
    const cache = new SessionCache(db);
    const mine = vi.fn(async () => session());
    const other = vi.fn(async () => session());
    await cache.lookup('mine', mine);
    await started();
    handlers().onListening(true);
    await cache.lookup('mine', mine);
    await cache.lookup('other', other);
    const { createHash } = await import('node:crypto');
    handlers().onNotify(`ended:${createHash('sha256').update('mine').digest('hex')}`);
    handlers().onNotify('t_elsewhere.users');
    await cache.lookup('mine', mine);
    await cache.lookup('other', other);
    expect(mine).toHaveBeenCalledTimes(3);
    expect(other).toHaveBeenCalledTimes(1);
  });

  it(`asks again after ${SESSION_RECHECK_MS / 1000} s even when no notification came`, async () => {
    vi.useFakeTimers();
    try {
      const { db, handlers } = fakeDb();
      const cache = new SessionCache(db);
      const load = vi.fn(async () => session());
      await cache.lookup('token', load);
      handlers().onListening(true);
      await cache.lookup('token', load);
      vi.advanceTimersByTime(SESSION_RECHECK_MS - 1);
      await cache.lookup('token', load);
      expect(load).toHaveBeenCalledTimes(2);
      vi.advanceTimersByTime(2);
      await cache.lookup('token', load);
      expect(load).toHaveBeenCalledTimes(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
