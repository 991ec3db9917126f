import type { Request, Response } from 'express';
import type { Db } from '@skywater/core/db/db';
import { hasAccess, readCookie } from '../auth/guard';
import { sessionCacheOf } from '../auth/session-cache';
import { findSession, SESSION_COOKIE } from '../auth/sessions';
import type { Access } from '../http/route-table';
import type { AlertFeed } from './alert-feed';

/** Heartbeat on the live stream: keeps proxies from closing an idle connection. */
export const HEARTBEAT_MS = 15_000;
/** The stream's session is asked again this often (and before each alert is sent). */
export const STREAM_SESSION_CHECK_MS = 5_000;

/**
 * The live alert stream (Server-Sent Events) of one request. The session that opened it is
 * checked again before every alert sent and every STREAM_SESSION_CHECK_MS (under the heartbeat):
 * once it has ended (logout, expiry, the account disabled) or no longer holds `access` (roles
 * changed), the stream ends and nothing more is sent. Only alerts of the offices the session may
 * see are sent (README "Offices"). The check goes through the session cache,
 * which every logout or account change empties at once.
 */
export async function streamAlerts(
  req: Request,
  res: Response,
  { db, feed, access }: { db: Db; feed: AlertFeed; access: Access },
): Promise<void> {
  const token = readCookie(req.headers.cookie, SESSION_COOKIE);
  const sessions = sessionCacheOf(db);
  let open = true;
  // The offices the session saw at its last check: an alert of any other office is never sent.
  let visibleOfficeIds = req.user?.visibleOfficeIds ?? [];
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

  // Filled once subscribed; the request may close before that.
  const running: { unsubscribe?: () => void; timers: NodeJS.Timeout[] } = { timers: [] };
  const close = () => {
    if (!open) return;
    open = false;
    for (const timer of running.timers) clearInterval(timer);
    running.unsubscribe?.();
    res.end();
  };
  req.on('close', close);
  // Alerts are sent in the order they come, each after the session was asked again.
  let sending: Promise<void> = Promise.resolve();
  const stop = await feed.subscribe((alert) => {
    sending = sending.then(async () => {
      if (!open) return;
      if (!(await sessionHolds())) return close();
      if (!visibleOfficeIds.includes(alert.officeId)) return;
      res.write(
        `id: ${new Date(alert.updatedAt).getTime()}-${alert.id}\nevent: alert\ndata: ${JSON.stringify(alert)}\n\n`,
      );
    });
  });
  if (!open) return stop();
  running.unsubscribe = stop;
  const heartbeat = setInterval(() => {
    if (open) res.write(`: heartbeat ${new Date().toISOString()}\n\n`);
  }, HEARTBEAT_MS);
  const check = setInterval(() => {
    sending = sending.then(async () => {
      if (open && !(await sessionHolds())) close();
    });
  }, STREAM_SESSION_CHECK_MS);
  heartbeat.unref();
  check.unref();
  running.timers.push(heartbeat, check);
}
