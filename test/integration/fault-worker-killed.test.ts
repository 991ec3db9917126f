import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres';
import { startTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/eventually';
import { uploadFullSizeFlight } from '../support/full-size-flight';

/**
 * A worker process is killed (SIGKILL) in the middle of processing survey photos. Its jobs
 * stall, BullMQ hands them to the next worker, and each photo ends processed once: no image
 * row doubled, every coverage cell's look count equal to the photos that really cover it, and
 * every photo's preview (queued by its process-image job) made.
 * Runs on a private PostgreSQL so a separate worker process can share the database.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');

let pg: PrivatePostgres;
let app: TestApp;
const children: ChildProcess[] = [];
beforeAll(async () => {
  pg = await startPrivatePostgres();
  app = await startTestApp({ mode: 'server', databaseUrl: pg.url });
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await app?.close();
  pg?.destroy();
});

function startWorkerProcess(): ChildProcess {
  const url = new URL(pg.url);
  url.searchParams.set('options', `-c search_path=${app.schema},public`);
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'workers'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH!,
      DATABASE_URL: url.toString(),
      REDIS_URL: app.config.redisUrl,
      REDIS_CLUSTER_NODES: app.config.redisClusterNodes?.map((n) => `${n.host}:${n.port}`).join(',') ?? '',
      QUEUE_PREFIX: app.config.queuePrefix,
      DATA_DIR: app.config.dataDir,
      LOG_LEVEL: 'silent',
      WORKER_CONCURRENCY: '2',
    },
    stdio: 'ignore',
  });
  children.push(child);
  return child;
}

describe('a worker killed mid-job', () => {
  it('finishes every photo once after another worker takes over', async () => {
    const pilot = await app.client('pilot');
    const count = 10;
    const { areaId, flightId, upload } = await uploadFullSizeFlight(pilot, '杀进程测试区', count);
    expect(upload.status).toBe(202);
    expect(upload.body.accepted).toHaveLength(count);
    await app.services.relay.relayOnce();

    const first = startWorkerProcess();
    const started = await eventually(async () => {
      const active = await app.services.queues.get('images').getActiveCount();
      return active > 0;
    }, 60_000);
    expect(started).toBe(true);
    first.kill('SIGKILL');
    const doneAtKill = (
      await app.db.query<{ n: number }>(`select count(*)::int as n from images where status = 'done'`)
    ).rows[0]!.n;
    expect(doneAtKill).toBeLessThan(count);

    startWorkerProcess();
    // The killed worker's lock expires (30 s), the stalled check hands its jobs on. Done when
    // every photo is processed, every job it asked for is relayed and run, and no footprint
    // waits for coverage (applied by the coverage jobs themselves, not by the 5-minute sweep).
    const finished = await eventually(async () => {
      const { rows } = await app.db.query<{ n: number; previews: number; outbox: number; coverage: number }>(
        `select (select count(*)::int from images where status <> 'pending') as n,
                (select count(*)::int from images where preview_key is not null) as previews,
                (select count(*)::int from outbox where relayed_at is null) as outbox,
                (select count(*)::int from coverage_pending) as coverage`,
      );
      const coverage = app.services.queues.get('coverage');
      // (The coverage sweep's scheduler always keeps one delayed job: not counted.)
      return (
        rows[0]!.n === count &&
        rows[0]!.previews === count &&
        rows[0]!.outbox === 0 &&
        rows[0]!.coverage === 0 &&
        (await coverage.getActiveCount()) + (await coverage.getWaitingCount()) === 0
      );
    }, 150_000);
    expect(finished).toBe(true);
    const images = await app.db.query<{ n: number; done: number }>(
      `select count(*)::int as n, count(*) filter (where status = 'done')::int as done from images where flight_id = $1`,
      [flightId],
    );
    expect(images.rows[0]).toEqual({ n: count, done: count });
    // Each photo's preview (its own, lower-priority job) is a 1280 px JPEG, made once.
    const previews = await app.db.query<{ preview_key: string }>(
      `select preview_key from images where flight_id = $1`,
      [flightId],
    );
    for (const { preview_key: key } of previews.rows) {
      const meta = await sharp(path.join(app.config.dataDir, 'imagery', key)).metadata();
      expect(Math.max(meta.width!, meta.height!)).toBe(1280);
    }
    // Each cell has looked at exactly the photos whose footprints touch it: nothing counted twice.
    const doubled = await app.db.query(
      `select c.ix, c.iy, c.look_count, (select count(*)::int from images i where i.footprint is not null and st_intersects(i.footprint, c.geom)) as real
       from coverage_cells c where c.area_id = $1 and c.look_count > 0`,
      [areaId],
    );
    expect(doubled.rows.length).toBeGreaterThan(0);
    expect(doubled.rows.filter((r) => r.look_count !== r.real)).toEqual([]);
  }, 300_000);
});
