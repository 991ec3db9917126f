import type { Db } from '@skywater/core/db/db';
import type { Logger } from '@skywater/core/log/logger';
import { ALERT_VIEW_SQL, type AlertView } from './alert-queries';

export type AlertListener = (alert: AlertView) => void;

/** How far back each poll looks again: a transaction that commits late keeps its earlier updated_at. */
const OVERLAP_MS = 10_000;

/**
 * New and changed alerts, pushed to the live streams of this server process. One poller for all
 * subscribers, running only while someone listens: every `intervalMs` it reads alerts whose
 * updated_at is newer than the last seen minus an overlap, and passes on each (id, updated_at)
 * once. Polling the table (rather than LISTEN/NOTIFY) works the same on PostgreSQL and PGlite,
 * needs no dedicated connection, and sees alerts written by workers in other processes.
 */
export class AlertFeed {
  private readonly listeners = new Set<AlertListener>();
  private timer: NodeJS.Timeout | undefined;
  private cursor: Date | undefined;
  private readonly sent = new Map<number, number>();
  private polling = false;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly intervalMs = 1_500,
  ) {}

  async subscribe(listener: AlertListener): Promise<() => void> {
    if (!this.cursor) await this.startCursor();
    this.listeners.add(listener);
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll(), this.intervalMs);
      this.timer.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
        this.cursor = undefined;
        this.sent.clear();
      }
    };
  }

  private async startCursor() {
    const { rows } = await this.db.query<{ now: Date }>(`select now() as now`);
    this.cursor = rows[0]!.now;
  }

  private async poll() {
    if (this.polling || !this.cursor) return;
    this.polling = true;
    try {
      const since = new Date(this.cursor.getTime() - OVERLAP_MS);
      const { rows } = await this.db.query<AlertView>(
        `${ALERT_VIEW_SQL} where a.updated_at > $1 order by a.updated_at, a.id limit 1000`,
        [since],
      );
      for (const alert of rows) {
        const stamp = new Date(alert.updatedAt).getTime();
        if (this.sent.get(alert.id) === stamp) continue;
        if (stamp <= this.cursor.getTime() - OVERLAP_MS) continue;
        this.sent.set(alert.id, stamp);
        if (stamp > this.cursor.getTime()) this.cursor = new Date(stamp);
        for (const listener of this.listeners) listener(alert);
      }
      const horizon = this.cursor.getTime() - 2 * OVERLAP_MS;
      for (const [id, stamp] of this.sent) if (stamp < horizon) this.sent.delete(id);
    } catch (error) {
      this.log.warn({ err: (error as Error).message }, 'alert feed: poll failed, retrying');
    } finally {
      this.polling = false;
    }
  }
}
