import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedisCluster, type PrivateRedisCluster } from '../support/private-redis-cluster';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * BullMQ on a three-master Redis Cluster: the master that holds the queues (their prefix's hash
 * tag puts every key of a queue in one slot) is shut down and started again while survey photos
 * are being processed. Its append-only file keeps the queues; the workers reconnect and each
 * photo ends processed once, every job it asked for run, no coverage cell counted twice.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const SURVEY = path.join(ROOT, 'samples/data/survey');
const manifest = JSON.parse(fs.readFileSync(path.join(SURVEY, 'manifest.json'), 'utf8'));
const flight = manifest.flights.find((f: { id: string }) => f.id === 'haikou-2025-flight-1');

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

async function eventually(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

describe('a Redis Cluster master restarted mid-job', () => {
  it('runs on the cluster, and finishes every photo once after the master holding the queues returns', async () => {
    expect(app.config.redisClusterNodes).toHaveLength(3);
    const ready = await (await app.client()).get('/api/ready');
    expect(ready.body.checks.redis).toEqual({ ok: true });

    const pilot = await app.client('pilot');
    const area = {
      type: 'Polygon',
      coordinates: [
        [
          [110.4, 19.8],
          [110.45, 19.8],
          [110.45, 19.84],
          [110.4, 19.84],
          [110.4, 19.8],
        ],
      ],
    };
    const areaId = (await pilot.post('/api/areas', { name: '集群测试区', city: '海口市', geometry: area }))
      .body.id;
    const log = new FormData();
    log.append('file', new Blob([fs.readFileSync(path.join(SURVEY, flight.logFile))]), 'flight.gpx');
    for (const [k, v] of Object.entries({
      areaId: String(areaId),
      cameraModel: 'phantom-4-rtk',
      team: flight.team,
      pilot: flight.pilot,
    }))
      log.append(k, v);
    const flightId = (await pilot.post('/api/flights', log)).body.id;

    // Full-size copies (20 MP, metadata kept) so the jobs last long enough to be caught mid-way.
    const photos = new FormData();
    const count = 8;
    for (const image of flight.images.slice(0, count)) {
      const big = await sharp(fs.readFileSync(path.join(SURVEY, image.file)))
        .resize(5472, 3648)
        .keepMetadata()
        .jpeg({ quality: 92 })
        .toBuffer();
      photos.append('files', new Blob([big as BlobPart], { type: 'image/jpeg' }), path.basename(image.file));
    }
    const upload = await pilot.post(`/api/flights/${flightId}/images`, photos);
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
