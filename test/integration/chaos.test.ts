import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_NAMES } from '@skywater/core/outbox/queue-names';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';
import { eventually } from '../support/eventually';
import { HAIKOU_FLIGHT_1_AREA, postFlightLog } from '../support/full-size-flight';

/**
 * Chaos: under a steady load of reads, lab imports and photo uploads, the database is
 * restarted, Redis is restarted, a worker process is killed, and the imagery disk (a 4 MB
 * tmpfs) fills up. Throughout, every request is answered (no hang) with a success, a refusal
 * within the limits (4xx), 503 with Retry-After (a dependency is down) or 507 (disk full):
 * never a 500. Afterwards nothing accepted is lost or doubled and every job has run.
 * Runs on a private PostgreSQL and a private Redis, which it stops and starts.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const SURVEY = path.join(ROOT, 'samples/data/survey');
const manifest = JSON.parse(fs.readFileSync(path.join(SURVEY, 'manifest.json'), 'utf8'));
interface DemoFlight {
  id: string;
  logFile: string;
  team: string;
  pilot: string;
  images: { file: string }[];
}
/** Haikou's two demo flights (25 photos each), inside the test's area. */
const demoFlights = (manifest.flights as DemoFlight[]).filter((f) => f.id.startsWith('haikou-'));
const REQUEST_TIMEOUT_MS = 20_000;

let pg: PrivatePostgres;
let redis: PrivateRedis;
let app: TestApp;
let dataDir: string;
let imageryDir: string;
let tmpfsMounted = false;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  pg = await startPrivatePostgres();
  // Persistent, as a production Redis is: a restart keeps the queued jobs.
  redis = await startPrivateRedis({ appendOnly: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skywater-chaos-'));
  imageryDir = path.join(dataDir, 'imagery');
  fs.mkdirSync(imageryDir);
  try {
    // A small file system of its own, so filling it cannot fill anyone else's disk.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', imageryDir], { stdio: 'pipe' });
    tmpfsMounted = true;
  } catch (error) {
    throw new Error(
      `The chaos suite mounts a 4 MB tmpfs for the imagery disk: run it as root (or with CAP_SYS_ADMIN). ${(error as Error).message}`,
      { cause: error },
    );
  }
  app = await startTestApp({
    mode: 'server',
    databaseUrl: pg.url,
    env: { REDIS_URL: redis.url, DATA_DIR: dataDir },
  });
});
afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  pg?.start();
  redis?.start();
  await app?.close();
  redis?.destroy();
  pg?.destroy();
  if (tmpfsMounted) execFileSync('umount', ['-l', imageryDir]);
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

function startWorkerProcess(): ChildProcess {
  const url = new URL(pg.url);
  url.searchParams.set('options', `-c search_path=${app.schema},public`);
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'workers'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH!,
      DATABASE_URL: url.toString(),
      REDIS_URL: redis.url,
      QUEUE_PREFIX: app.config.queuePrefix,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      WORKER_CONCURRENCY: '2',
    },
    stdio: 'ignore',
  });
  workers.push(child);
  return child;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every answer the load received, by status; `hang` = none within the timeout, `network` = no connection. */
class Tally {
  readonly byStatus = new Map<string, number>();
  readonly unexpected: string[] = [];
  add(label: string, status: number | 'hang' | 'network', retryAfter: string | null) {
    const key = String(status);
    this.byStatus.set(key, (this.byStatus.get(key) ?? 0) + 1);
    const refusal = typeof status === 'number' && status >= 400 && status < 500;
    const ok = typeof status === 'number' && status < 400;
    const outage = status === 503 && retryAfter !== null;
    if (!ok && !refusal && !outage && status !== 507) this.unexpected.push(`${label}: ${status}`);
  }
}

/** One request of the load, timed out rather than waited on forever. */
async function attempt(
  tally: Tally,
  label: string,
  client: TestClient,
  method: string,
  url: string,
  body?: unknown,
) {
  try {
    const reply = await Promise.race([
      client.request(method, url, body),
      pause(REQUEST_TIMEOUT_MS).then(() => 'hang' as const),
    ]);
    if (reply === 'hang') {
      tally.add(label, 'hang', null);
      return null;
    }
    tally.add(label, reply.status, reply.headers.get('retry-after'));
    return reply;
  } catch {
    tally.add(label, 'network', null);
    return null;
  }
}

describe('chaos under load', () => {
  it('answers throughout; afterwards nothing accepted is lost or doubled and every job has run', async () => {
    const analyst = await app.client('analyst');
    const pilot = await app.client('pilot');
    const lab = await app.client('lab');
    expect(
      (
        await analyst.post('/api/sites', {
          code: 'CHAOS-A',
          name: '混沌测试点',
          kind: 'wwtp',
          lon: 110.42,
          lat: 19.82,
          populationServed: 300000,
        })
      ).status,
    ).toBe(201);
    expect(
      (await analyst.post('/api/rounds', { name: '混沌轮次', startsOn: '2025-03-01', endsOn: '2025-03-31' }))
        .status,
    ).toBe(201);
    const areaId = (
      await pilot.post('/api/areas', { name: '混沌测试区', city: '海口市', geometry: HAIKOU_FLIGHT_1_AREA })
    ).body.id;
    // Each demo flight with its log; its photos, one upload each, in the load below.
    const uploads: { flightId: number; name: string; bytes: Buffer }[] = [];
    const flightIds: number[] = [];
    for (const flight of demoFlights) {
      const reply = await postFlightLog(pilot, areaId, flight);
      expect(reply.status).toBe(201);
      flightIds.push(reply.body.id);
      for (const image of flight.images)
        uploads.push({
          flightId: reply.body.id,
          name: path.basename(image.file),
          bytes: fs.readFileSync(path.join(SURVEY, image.file)),
        });
    }

    const first = startWorkerProcess();
    const tally = new Tally();
    const acceptedImageIds = new Set<number>();
    const importedSamples: string[] = [];
    let running = true;

    const readers = (async () => {
      const paths = ['/api/health', '/api/areas', '/api/sites', '/tiles/sites/10/825/453.pbf'];
      for (let i = 0; running; i++) {
        await attempt(tally, 'read', analyst, 'GET', paths[i % paths.length]!);
        await pause(50);
      }
    })();
    const labUploads = (async () => {
      for (let n = 0; running; n++) {
        const sample = `CHAOS-${n}`;
        const csv = [
          'site_code,round,sample_id,collected_start,collected_end,collection_type,flow_m3_per_day,population,analyte,value,unit,lod,loq',
          `CHAOS-A,混沌轮次,${sample},2025-03-10 08:00,2025-03-11 08:00,composite_flow,100000,300000,METH,${100 + n},ng/L,0.5,1`,
        ].join('\n');
        const form = new FormData();
        form.append('file', new Blob([csv], { type: 'text/csv' }), `${sample}.csv`);
        const reply = await attempt(tally, 'lab import', lab, 'POST', '/api/lab/imports', form);
        if (reply?.status === 201) importedSamples.push(sample);
        await pause(300);
      }
    })();
    const photoUploads = (async () => {
      for (let n = 0; running && n < uploads.length;) {
        const photo = uploads[n]!;
        const form = new FormData();
        form.append('files', new Blob([photo.bytes as BlobPart], { type: 'image/jpeg' }), photo.name);
        const reply = await attempt(
          tally,
          'photo upload',
          pilot,
          'POST',
          `/api/flights/${photo.flightId}/images`,
          form,
        );
        // A refused photo is sent again later (nothing of it was kept).
        if (reply?.status === 202 && reply.body.accepted.length === 1) {
          acceptedImageIds.add(reply.body.accepted[0].id);
          n++;
        }
        await pause(400);
      }
    })();
    const ready = () => eventually(async () => (await analyst.get('/api/ready')).status === 200, 60_000);

    await pause(3_000);
    // The database restarts.
    pg.stop();
    await pause(4_000);
    pg.start();
    expect(await ready()).toBe(true);
    await pause(2_000);
    // Redis restarts (its append-only file keeps the jobs it held).
    redis.stop();
    await pause(4_000);
    redis.start();
    expect(await ready()).toBe(true);
    await pause(2_000);
    // A worker is killed, mid-job if there is one; another takes over.
    await eventually(async () => (await app.services.queues.get('images').getActiveCount()) > 0, 15_000, 100);
    first.kill('SIGKILL');
    startWorkerProcess();
    await pause(2_000);
    // The imagery disk fills up, then space is freed.
    const filler = path.join(imageryDir, 'filler.bin');
    // Large pieces, then small ones: less than a page is left, too little for any photo.
    for (const pieceBytes of [64 * 1024, 512]) {
      try {
        const piece = Buffer.alloc(pieceBytes);
        for (;;) fs.appendFileSync(filler, piece);
      } catch (error) {
        expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
      }
    }
    // A photo sent now is refused with 507, whether or not the uploads above are still going
    // (on a quick run they may all be in already).
    const probe = uploads[uploads.length - 1]!;
    await eventually(
      async () => {
        const form = new FormData();
        form.append('files', new Blob([probe.bytes as BlobPart], { type: 'image/jpeg' }), probe.name);
        const reply = await attempt(
          tally,
          'photo upload, disk full',
          pilot,
          'POST',
          `/api/flights/${probe.flightId}/images`,
          form,
        );
        if (reply?.status === 202 && reply.body.accepted.length === 1)
          acceptedImageIds.add(reply.body.accepted[0].id);
        return reply?.status === 507;
      },
      60_000,
      500,
    );
    await pause(2_000);
    const fullAnswers = tally.byStatus.get('507') ?? 0;
    fs.rmSync(filler);
    await pause(3_000);
    running = false;
    await Promise.all([readers, labUploads, photoUploads]);

    // Answered within the limits throughout: nothing but successes, refusals, 503s with
    // Retry-After and 507s while the disk was full.
    console.info('chaos: answers by status', Object.fromEntries(tally.byStatus));
    expect(tally.unexpected).toEqual([]);
    expect(fullAnswers).toBeGreaterThan(0);
    expect(acceptedImageIds.size).toBeGreaterThan(0);
    expect(importedSamples.length).toBeGreaterThan(0);

    // Drained: every accepted photo processed (the killed worker's jobs are handed on once its
    // lock expires), every outbox row relayed, no job waiting, running or failed.
    const drained = await eventually(async () => {
      const { rows } = await app.db.query<{ pending: number; outbox: number; coverage: number }>(
        `select (select count(*)::int from images where status = 'pending' or preview_key is null) as pending,
                (select count(*)::int from outbox where relayed_at is null) as outbox,
                (select count(*)::int from coverage_pending) as coverage`,
      );
      if (rows[0]!.pending + rows[0]!.outbox + rows[0]!.coverage > 0) return false;
      for (const name of QUEUE_NAMES) {
        const queue = app.services.queues.get(name);
        if ((await queue.getActiveCount()) + (await queue.getWaitingCount()) > 0) return false;
      }
      return true;
    }, 150_000);
    expect(drained).toBe(true);
    for (const name of QUEUE_NAMES)
      expect(await app.services.queues.get(name).getFailedCount(), `failed jobs on ${name}`).toBe(0);

    // Nothing lost, nothing doubled: each accepted photo stored once and done, no photo twice in
    // a flight; each accepted import's measurement present once.
    const images = await app.db.query<{ id: number; status: string }>(
      `select id, status from images where flight_id = any($1::bigint[])`,
      [flightIds],
    );
    const stored = new Map(images.rows.map((r) => [r.id, r.status]));
    for (const id of acceptedImageIds) expect(stored.get(id)).toBe('done');
    const doubledPhotos = await app.db.query(
      `select flight_id, sha256 from images where flight_id = any($1::bigint[]) group by 1, 2 having count(*) > 1`,
      [flightIds],
    );
    expect(doubledPhotos.rows).toEqual([]);
    const measurements = await app.db.query<{ lab_sample_id: string; n: number }>(
      `select sm.lab_sample_id, count(m.id)::int as n from samples sm join measurements m on m.sample_id = sm.id
       where sm.lab_sample_id like 'CHAOS-%' group by 1`,
    );
    const bySample = new Map(measurements.rows.map((r) => [r.lab_sample_id, r.n]));
    for (const sample of importedSamples) expect(bySample.get(sample), sample).toBe(1);
    // Each coverage cell has looked at exactly the photos that cover it: no job applied twice.
    const miscounted = await app.db.query(
      `select c.ix, c.iy from coverage_cells c
       where c.area_id = $1 and c.look_count <>
         (select count(*) from images i where i.footprint is not null and st_intersects(i.footprint, c.geom))`,
      [areaId],
    );
    expect(miscounted.rows).toEqual([]);
  }, 420_000);
});
