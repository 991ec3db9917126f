import type { Request, Response } from 'express';
import type { Db } from '@skywater/core/db/db';
import type { Access } from '../http/route-table';
import { openSessionEventStream } from '../http/session-event-stream';
import type { AlertFeed } from './alert-feed';

/**
 * The live alert stream (Server-Sent Events) of one request: each new or changed alert of the
 * offices the session may see (README "Offices") as an `alert` event, in the order the feed
 * passes them on, for as long as the session that opened it holds `access`
 * (session-event-stream.ts).
 */
export async function streamAlerts(
  req: Request,
  res: Response,
  { db, feed, access }: { db: Db; feed: AlertFeed; access: Access },
): Promise<void> {
  const stream = openSessionEventStream(req, res, { db, access });
  const stop = await feed.subscribe((alert) =>
    stream.queue(async () => {
      if (!stream.visibleOfficeIds.includes(alert.officeId)) return;
      stream.write('alert', alert, `${new Date(alert.updatedAt).getTime()}-${alert.id}`);
    }),
  );
  stream.onClose(stop);
}
