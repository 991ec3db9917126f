import type { Db } from '@skywater/core/db/db';
import { SharedListen } from '@skywater/core/db/shared-listen';
import type { Logger } from '@skywater/core/log/logger';
import { ALERT_VIEW_SQL, type AlertView } from './alert-queries';

export type AlertListener = (alert: AlertView) => void;

/** The channel sql/020_alert_change_notify.sql notifies on: the ids a statement touched, or ''. */
export const ALERT_CHANGES_CHANNEL = 'skywater_alerts';

/** Alerts per statement of a catch-up read. */
const READ_PAGE = 1_000;

/** How far back a catch-up read looks again: a transaction that commits late keeps its earlier updated_at. */
const OVERLAP_MS = 10_000;

/**
 * New and changed alerts, pushed to the live streams of this server process. One listener for
 * all subscribers, following the database's notifications (`Db.listen`, the same on PostgreSQL
 * and PGlite, and from workers in other processes) only while someone subscribes
 * (shared-listen.ts, whose last unsubscribe forgets the cursor): a
 * notification names the alerts a statement touched, which are read by id and passed on once
 * per (id, updated_at). A notification too large to name them, and every (re)connection of the
 * listener (notifications may have been missed), reads the alerts changed since the last seen
 * one instead, with an overlap.
 */
export class AlertFeed {
  private readonly channel: SharedListen<AlertView>;
  private cursor: Date | undefined;
  private readonly sent = new Map<number, number>();
  /** Reads run one after another, so alerts go out in the order their changes arrived. */
  private reads: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {
    this.channel = new SharedListen(
      db,
      ALERT_CHANGES_CHANNEL,
      {
        onNotify: (payload) => this.enqueueRead(payload),
        onListening: (listening) => {
          if (listening) this.enqueueRead('');
        },
      },
      () => {
        this.cursor = undefined;
        this.sent.clear();
      },
    );
  }

  async subscribe(listener: AlertListener): Promise<() => void> {
    if (!this.cursor) await this.startCursor();
    return this.channel.subscribe(listener);
  }

  private async startCursor() {
    const { rows } = await this.db.query<{ now: Date }>(`select now() as now`);
    this.cursor = rows[0]!.now;
  }

  /** `payload`: the touched alerts' ids, or '' to read everything changed since the cursor. */
  private enqueueRead(payload: string) {
    const ids = payload === '' ? null : payload.split(',').map(Number).filter(Number.isInteger);
    this.reads = this.reads.then(() => this.read(ids));
  }

  private async read(ids: number[] | null) {
    if (!this.cursor || !this.channel.followed) return;
    try {
      if (ids) {
        const { rows } = await this.db.query<AlertView>(
          `${ALERT_VIEW_SQL} where a.id = any($1::bigint[]) order by a.updated_at, a.id`,
          [ids],
        );
        for (const alert of rows) this.pass(alert, true);
      } else {
        await this.readSinceCursor();
      }
      const horizon = this.cursor.getTime() - 2 * OVERLAP_MS;
      for (const [id, stamp] of this.sent) if (stamp < horizon) this.sent.delete(id);
    } catch (error) {
      this.log.warn({ err: (error as Error).message }, 'alert feed: read failed');
    }
  }

  /** Every alert changed since the cursor (less the overlap), a page at a time in (updated_at, id) order. */
  private async readSinceCursor() {
    let after: { updatedAt: Date; id: number } = {
      updatedAt: new Date(this.cursor!.getTime() - OVERLAP_MS),
      id: 0,
    };
    for (;;) {
      const { rows } = await this.db.query<AlertView>(
        `${ALERT_VIEW_SQL} where (a.updated_at, a.id) > ($1::timestamptz, $2::bigint)
         order by a.updated_at, a.id limit ${READ_PAGE}`,
        [after.updatedAt, after.id],
      );
      for (const alert of rows) this.pass(alert, false);
      if (rows.length < READ_PAGE) return;
      const last = rows[rows.length - 1]!;
      after = { updatedAt: new Date(last.updatedAt), id: last.id };
    }
  }

  /** Passes an alert on once per (id, updated_at); a catch-up read skips what is older than its window. */
  private pass(alert: AlertView, named: boolean) {
    if (!this.cursor) return;
    const stamp = new Date(alert.updatedAt).getTime();
    if (this.sent.get(alert.id) === stamp) return;
    if (!named && stamp <= this.cursor.getTime() - OVERLAP_MS) return;
    this.sent.set(alert.id, stamp);
    if (stamp > this.cursor.getTime()) this.cursor = new Date(stamp);
    this.channel.pass(alert);
  }
}
