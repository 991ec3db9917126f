import type { Request, Response } from 'express';
import type { Db } from '@skywater/core/db/db';
import { hasAccess, readCookie } from '../auth/guard';
import { sessionCacheOf } from '../auth/session-cache';
import { findSession, SESSION_COOKIE } from '../auth/sessions';
import type { Access } from './route-table';

/** Heartbeat on a live stream: keeps proxies from closing an idle connection. */
export const HEARTBEAT_MS = 15_000;
/** A stream's session is asked again this often (and before each event is sent). */
export const STREAM_SESSION_CHECK_MS = 5_000;

/** One Server-Sent Events stream that lives no longer than the session that opened it. */
export interface SessionEventStream {
  /** False once the stream has ended (the client left, or its session no longer holds). */
  readonly open: boolean;
  /** The offices the session may see, as of its last check (an event of another office is never sent). */
  readonly visibleOfficeIds: readonly number[];
  /**
   * Runs `work` after the work queued before it, once the session was asked again: when it no
   * longer holds, the stream ends instead and `work` never runs. Events go out in queue order.
   */
  queue(work: () => Promise<void>): void;
  /** Writes one event (`data` as JSON); call it from queued work. */
  write(event: string, data: unknown, id?: string): void;
  /** Runs `cleanup` when the stream ends, or at once if it has ended already. */
  onClose(cleanup: () => void): void;
}

/**
 * Opens a live stream (Server-Sent Events) on `res`. The session that opened it is checked
 * again before every event and every STREAM_SESSION_CHECK_MS (under the heartbeat): once it has
 * ended (logout, expiry, the account disabled) or no longer holds `access` (roles changed), the
 * stream ends and nothing more is sent. The check goes through the session cache, which forgets
 * a session when it ends and empties on any account change, in any process.
 */
export function openSessionEventStream(
  req: Request,
  res: Response,
  { db, access }: { db: Db; access: Access },
): SessionEventStream {
  const token = readCookie(req.headers.cookie, SESSION_COOKIE);
  const sessions = sessionCacheOf(db);
  let open = true;
  const cleanups: (() => void)[] = [];
  let visibleOfficeIds: readonly number[] = req.user?.visibleOfficeIds ?? [];
  const sessionHolds = async (): Promise<boolean> => {
    if (!token) return false;
    try {
      const session = await sessions.lookup(token, () => findSession(db, token));
      if (session) visibleOfficeIds = session.user.visibleOfficeIds;
      return Boolean(session && hasAccess(session.user.roles, access));
    } catch {
      return true; // The database is down: the session cannot be asked; the next check will.
    }
  };

  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(`retry: 3000\n: connected\n\n`);

  const close = () => {
    if (!open) return;
    open = false;
    for (const cleanup of cleanups.splice(0)) cleanup();
    res.end();
  };
  req.on('close', close);

  let queued: Promise<void> = Promise.resolve();
  const queue = (work: () => Promise<void>) => {
    queued = queued.then(async () => {
      if (!open) return;
      if (!(await sessionHolds())) return close();
      if (open) await work();
    });
  };

  const heartbeat = setInterval(() => {
    if (open) res.write(`: heartbeat ${new Date().toISOString()}\n\n`);
  }, HEARTBEAT_MS);
  const check = setInterval(() => queue(async () => undefined), STREAM_SESSION_CHECK_MS);
  heartbeat.unref();
  check.unref();
  cleanups.push(() => {
    clearInterval(heartbeat);
    clearInterval(check);
  });

  return {
    get open() {
      return open;
    },
    get visibleOfficeIds() {
      return visibleOfficeIds;
    },
    queue,
    write(event, data, id) {
      if (!open) return;
      res.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    onClose(cleanup) {
      if (open) cleanups.push(cleanup);
      else cleanup();
    },
  };
}
