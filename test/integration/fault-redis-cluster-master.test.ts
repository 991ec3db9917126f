import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedisCluster, type PrivateRedisCluster } from '../support/private-redis-cluster';
import { startTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/eventually';
import { uploadFullSizeFlight } from '../support/full-size-flight';

/**
 * BullMQ on a three-master Redis Cluster: the master that holds the queues (their prefix's hash
 * tag puts every key of a queue in one slot) is shut down and started again while survey photos
 * are being processed. Its append-only file keeps the queues; the workers reconnect and each
 * photo ends processed once, every job it asked for run, no coverage cell counted twice.
 */
let cluster: PrivateRedisCluster;
let app: TestApp;
beforeAll(async () => {
  cluster = await startPrivateRedisCluster();
  app = await startTestApp({ mode: 'all', env: { REDIS_CLUSTER_NODES: cluster.nodes } });
}, 120_000);
afterAll(async () => {
  await app?.close();
  cluster?.destroy();
});

describe('a Redis Cluster master restarted mid-job', () => {
  it('runs on the cluster, and finishes every photo once after the master holding the queues returns', async () => {
    expect(app.config.redisClusterNodes).toHaveLength(3);
    const ready = await (await app.client()).get('/api/ready');
    expect(ready.body.checks.redis).toEqual({ ok: true });

    const pilot = await app.client('pilot');
    const count = 8;
    const { areaId, flightId, upload } = await uploadFullSizeFlight(pilot, '集群测试区', count);
    expect(upload.status).toBe(202);
    expect(upload.body.accepted).toHaveLength(count);
    await app.services.relay.relayOnce();

    const images = app.services.queues.get('images');
    const started = await eventually(async () => (await images.getActiveCount()) > 0, 60_000);
    expect(started).toBe(true);
    const master = cluster.masterOf(`${app.config.queuePrefix}:images:wait`);
    cluster.restart(master);
    const doneAtRestart = (
      await app.db.query<{ n: number }>(`select count(*)::int as n from images where status = 'done'`)
    ).rows[0]!.n;
    expect(doneAtRestart).toBeLessThan(count);

    const finished = await eventually(async () => {
      const { rows } = await app.db.query<{ n: number; previews: number; outbox: number; coverage: number }>(
        `select (select count(*)::int from images where status <> 'pending') as n,
                (select count(*)::int from images where preview_key is not null) as previews,
                (select count(*)::int from outbox where relayed_at is null) as outbox,
                (select count(*)::int from coverage_pending) as coverage`,
      );
      const coverage = app.services.queues.get('coverage');
      return (
        rows[0]!.n === count &&
        rows[0]!.previews === count &&
        rows[0]!.outbox === 0 &&
        rows[0]!.coverage === 0 &&
        (await coverage.getActiveCount()) + (await coverage.getWaitingCount()) === 0
      );
    }, 200_000);
    expect(finished).toBe(true);
    const stored = await app.db.query<{ n: number; done: number }>(
      `select count(*)::int as n, count(*) filter (where status = 'done')::int as done from images where flight_id = $1`,
      [flightId],
    );
    expect(stored.rows[0]).toEqual({ n: count, done: count });
    // Each cell has looked at exactly the photos whose footprints touch it: nothing counted twice.
    const doubled = await app.db.query(
      `select c.ix, c.iy, c.look_count, (select count(*)::int from images i where i.footprint is not null and st_intersects(i.footprint, c.geom)) as real
       from coverage_cells c where c.area_id = $1 and c.look_count > 0`,
      [areaId],
    );
    expect(doubled.rows.length).toBeGreaterThan(0);
    expect(doubled.rows.filter((r) => r.look_count !== r.real)).toEqual([]);
    // The queues' keys all live on the master that was restarted: one slot, as BullMQ needs.
    const keyMasters = new Set(
      ['images:wait', 'images:completed', 'coverage:meta', 'scoring:events'].map((key) =>
        cluster.masterOf(`${app.config.queuePrefix}:${key}`),
      ),
    );
    expect([...keyMasters]).toEqual([master]);
  }, 400_000);
});
