import { createLogger } from '@skywater/core/log/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertFeed } from '../../server/src/alerts/alert-feed';
import type { AlertView } from '../../server/src/alerts/alert-queries';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The alert feed follows the database's notifications: alerts written by any statement reach
 * the subscribers, named one by one or (a statement touching too many to name) read since the
 * last one seen; each change once.
 */
let app: TestApp;
let feed: AlertFeed;
const received: AlertView[] = [];
let stop: () => void;

async function eventually(what: string, check: () => boolean) {
  const deadline = Date.now() + 60_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  feed = new AlertFeed(app.db, createLogger('silent'));
  stop = await feed.subscribe((alert) => received.push(alert));
});

afterAll(async () => {
  stop?.();
  await app?.close();
});

describe('the alert feed', () => {
  it('passes on a new alert, then its change, each once', async () => {
    const { rows } = await app.db.query<{ id: number }>(
      `insert into alerts (kind, condition_key, severity, detail) values ('spike', 'feed-test-1', 'high', '{}') returning id`,
    );
    const id = rows[0]!.id;
    await eventually('the new alert', () => received.some((a) => a.id === id));
    await app.db.query(
      `update alerts set status = 'acknowledged', updated_at = now() + interval '1 second' where id = $1`,
      [id],
    );
    await eventually('its change', () => received.some((a) => a.id === id && a.status === 'acknowledged'));
    // A notification for nothing new (the same row, unchanged) sends nothing again.
    await app.db.query(`update alerts set detail = detail where id = $1`, [id]);
    await app.db.query(
      `insert into alerts (kind, condition_key, severity) values ('spike', 'feed-test-marker', 'low')`,
    );
    await eventually('the marker alert', () =>
      received.some((a) => a.kind === 'spike' && a.severity === 'low'),
    );
    expect(received.filter((a) => a.id === id)).toHaveLength(2);
  });

  it('passes on every alert of a statement too large to name them in one notification', async () => {
    const before = received.length;
    await app.db.query(
      `insert into alerts (kind, condition_key, severity)
       select 'trend_rising', 'feed-bulk-' || n, 'medium' from generate_series(1, 1500) n`,
    );
    await eventually(
      '1,500 alerts',
      () => received.slice(before).filter((a) => a.kind === 'trend_rising').length >= 1500,
    );
    const bulk = received.slice(before).filter((a) => a.kind === 'trend_rising');
    expect(bulk).toHaveLength(1500);
    expect(new Set(bulk.map((a) => a.id)).size).toBe(1500);
  });
});
