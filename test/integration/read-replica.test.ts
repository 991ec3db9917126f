import { VectorTile } from '@mapbox/vector-tile';
import Protobuf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@skywater/core/db/db';
import { createPgDb } from '@skywater/core/db/pg-db';
import { createReadRouting, openReadRouting } from '@skywater/core/db/read-replica';
import { createLogger } from '@skywater/core/log/logger';
import { findTileLayer } from '../../server/src/tiles/tile-layers';
import { renderTile } from '../../server/src/tiles/tile-renderer';
import { siteSeries } from '../../server/src/wastewater/site-series-query';
import { testReplica } from '../support/private-pg-replica';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';
import { testBackend } from '../support/test-db';
import { eventually } from '../support/eventually';

/**
 * Pure reads (tiles, series) on a PostgreSQL hot standby (DATABASE_READ_URL), reached through a
 * TCP relay the test can cut. On the embedded database the variable is ignored.
 */
const server = testBackend() === 'server';
let app: TestApp;
let replica: { url: string; destroy(): void } | undefined;
let proxy: TcpProxy | undefined;
/** The standby itself (no schema), for pausing its replay. */
let standby: Db | undefined;
let admin: TestClient;
let analyst: TestClient;
let lab: TestClient;
const siteIds: Record<string, number> = {};

const CSV_HEADER =
  'site_code,round,sample_id,collected_start,collected_end,collection_type,flow_m3_per_day,population,analyte,value,unit,lod,loq';

/** The tile of the sites layer that holds (lon, lat) at zoom 10, and the site codes in it. */
function sitesTilePath(lon: number, lat: number): string {
  const n = 2 ** 10;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return `/tiles/sites/10/${x}/${y}.pbf?analyte=METH`;
}
const TILE = sitesTilePath(110.3, 20.0);
async function tileCodes(client: TestClient): Promise<string[]> {
  const reply = await client.get(TILE);
  expect(reply.status).toBe(200);
  const layer = new VectorTile(new Protobuf(reply.body as Buffer)).layers.sites;
  const codes: string[] = [];
  for (let i = 0; i < (layer?.length ?? 0); i++) codes.push(String(layer!.feature(i).properties.code));
  return codes.sort();
}
async function seriesValues(client: TestClient, code: string): Promise<number> {
  const reply = await client.get(`/api/sites/${siteIds[code]}/series?analyte=METH`);
  expect(reply.status).toBe(200);
  return reply.body.points.length;
}

async function importCsv(rows: string[]) {
  const form = new FormData();
  form.append('file', new Blob([[CSV_HEADER, ...rows].join('\n')], { type: 'text/csv' }), 'r.csv');
  const reply = await lab.post('/api/lab/imports', form);
  expect(reply.status).toBe(201);
}

/** Resolves once the standby has replayed everything the primary has written so far. */
async function replicaCaughtUp() {
  const { rows } = await app.db.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
  const ok = await eventually(async () => {
    const r = await standby!.query<{ ok: boolean }>('select pg_last_wal_replay_lsn() >= $1::pg_lsn as ok', [
      rows[0]!.lsn,
    ]);
    return r.rows[0]!.ok && (await admin.get('/api/ready')).body.status === 'ready';
  });
  expect(ok).toBe(true);
}

beforeAll(async () => {
  let readUrl = 'postgres://postgres@127.0.0.1:1/not-used-embedded';
  if (server) {
    replica = await testReplica(process.env.TEST_DATABASE_URL!);
    const url = new URL(replica.url);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) });
    url.port = String(proxy.port);
    readUrl = url.toString();
    standby = createPgDb({ connectionString: replica.url, max: 2 });
  }
  app = await startTestApp({
    mode: 'server',
    // No ceiling on the lag: the machine's other databases write WAL the standby must replay too.
    env: { DATABASE_READ_URL: readUrl, DATABASE_READ_MAX_LAG_BYTES: String(1024 ** 4) },
  });
  [admin, analyst, lab] = await Promise.all([app.client('admin'), app.client('analyst'), app.client('lab')]);
  for (const [code, lon] of [
    ['RR-A', 110.3],
    ['RR-B', 110.31],
  ] as const) {
    const reply = await analyst.post('/api/sites', {
      code,
      name: code,
      kind: 'wwtp',
      lon,
      lat: 20.0,
      populationServed: 500000,
    });
    expect(reply.status).toBe(201);
    siteIds[code] = reply.body.id;
  }
  for (const [name, startsOn, endsOn] of [
    ['副本一轮', '2025-03-20', '2025-03-30'],
    ['副本二轮', '2025-06-20', '2025-06-30'],
  ])
    expect((await analyst.post('/api/rounds', { name, startsOn, endsOn })).status).toBe(201);
  await importCsv([
    'RR-A,副本一轮,RA-1,2025-03-24 08:00,2025-03-25 08:00,composite_flow,100000,500000,METH,200,ng/L,0.5,1',
    'RR-B,副本一轮,RB-1,2025-03-24 08:00,2025-03-25 08:00,composite_flow,50000,200000,METH,80,ng/L,0.5,1',
  ]);
}, 600_000);

afterAll(async () => {
  await standby?.query('select pg_wal_replay_resume()').catch(() => undefined);
  await standby?.close();
  await app?.close();
  await proxy?.close();
  replica?.destroy();
});

// One describe or the other: each backend runs its own, and neither reports a skipped test.
if (server)
  describe('a read replica on the PostgreSQL server', () => {
    it('serves tiles and series equal to the primary once it has caught up, and readiness names it', async () => {
      await replicaCaughtUp();
      const ready = await admin.get('/api/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({
        status: 'ready',
        degraded: [],
        checks: { readReplica: { ok: true } },
      });

      const series = await admin.get(`/api/sites/${siteIds['RR-A']}/series?analyte=METH`);
      expect(series.status).toBe(200);
      expect(series.body).toEqual(
        JSON.parse(JSON.stringify(await siteSeries(app.db, siteIds['RR-A']!, 'METH', true))),
      );
      const tile = await admin.get(TILE);
      const [, , , z, x, y] = TILE.split('?')[0]!.split('/');
      const primaryTile = await renderTile(
        app.db,
        findTileLayer('sites')!,
        { z: Number(z), x: Number(x), y: Number(y.replace('.pbf', '')) },
        { query: { analyte: 'METH' }, seesRestrictedSites: true, findingsRecordedBy: null },
      );
      expect(Buffer.compare(tile.body as Buffer, primaryTile)).toBe(0);
      expect(await tileCodes(admin)).toEqual(['RR-A', 'RR-B']);
    }, 180_000);

    it('while replay is paused, a user reads their own writes and others read the replica, until it resumes', async () => {
      await replicaCaughtUp();
      await standby!.query('select pg_wal_replay_pause()');
      try {
        expect(
          await eventually(async () => {
            const { rows } = await standby!.query<{ state: string }>(
              'select pg_get_wal_replay_pause_state() as state',
            );
            return rows[0]!.state === 'paused';
          }),
        ).toBe(true);
        const before = await seriesValues(admin, 'RR-A');
        expect(before).toBe(1);

        // The lab's import and the analyst's new site: each writer sees their own write at once.
        await importCsv([
          'RR-A,副本二轮,RA-2,2025-06-24 08:00,2025-06-25 08:00,composite_flow,100000,500000,METH,260,ng/L,0.5,1',
        ]);
        expect(await seriesValues(lab, 'RR-A')).toBe(2);
        const created = await analyst.post('/api/sites', {
          code: 'RR-C',
          name: 'RR-C',
          kind: 'wwtp',
          lon: 110.32,
          lat: 20.0,
          populationServed: 300000,
        });
        expect(created.status).toBe(201);
        expect(await tileCodes(analyst)).toEqual(['RR-A', 'RR-B', 'RR-C']);

        // The admin wrote nothing: their reads come from the paused replica, as it was.
        expect(await seriesValues(admin, 'RR-A')).toBe(1);
        expect(await tileCodes(admin)).toEqual(['RR-A', 'RR-B']);
      } finally {
        await standby!.query('select pg_wal_replay_resume()');
      }
      expect(
        await eventually(
          async () =>
            (await seriesValues(admin, 'RR-A')) === 2 && (await tileCodes(admin)).join() === 'RR-A,RR-B,RR-C',
        ),
      ).toBe(true);
    }, 300_000);

    it('leaves a replica further behind than the ceiling aside until it catches up', async () => {
      const log = createLogger('silent');
      const replicaDb = createPgDb({ connectionString: replica!.url, schema: app.schema!, max: 2 });
      const routing = createReadRouting({
        primary: app.db,
        replica: replicaDb,
        maxLagBytes: 0,
        log,
        pollMs: 100,
      });
      try {
        await replicaCaughtUp();
        await standby!.query('select pg_wal_replay_pause()');
        // A committed transaction with an id: WAL the paused standby does not replay.
        await app.db.query('select txid_current()');
        expect(await eventually(async () => routing.status()?.state === 'lagging')).toBe(true);
        expect(routing.forRead(undefined)).toBe(app.db);
        expect(routing.status()!.lagBytes).toBeGreaterThan(0);
      } finally {
        await standby!.query('select pg_wal_replay_resume()');
      }
      await routing.close();
    }, 180_000);

    it('reads from the primary while the replica is down, says degraded, never 500, and returns to it', async () => {
      await replicaCaughtUp();
      await proxy!.cut();
      // At once, before any poll has noticed: the read fails on the replica and runs on the primary.
      expect(await seriesValues(admin, 'RR-A')).toBe(2);
      expect(await tileCodes(admin)).toEqual(['RR-A', 'RR-B', 'RR-C']);
      expect(
        await eventually(async () => {
          const ready = await admin.get('/api/ready');
          return ready.status === 200 && ready.body.status === 'degraded';
        }),
      ).toBe(true);
      const ready = await admin.get('/api/ready');
      expect(ready.body).toMatchObject({
        down: [],
        degraded: ['readReplica'],
        checks: { database: { ok: true }, redis: { ok: true }, readReplica: { ok: false, state: 'down' } },
      });
      for (const client of [admin, analyst, lab]) {
        expect(await seriesValues(client, 'RR-B')).toBe(1);
        if (client !== lab) expect(await tileCodes(client)).toEqual(['RR-A', 'RR-B', 'RR-C']);
      }

      await proxy!.restore();
      expect(await eventually(async () => (await admin.get('/api/ready')).body.status === 'ready')).toBe(
        true,
      );
      expect(await seriesValues(admin, 'RR-A')).toBe(2);
    }, 180_000);
  });

if (!server)
  describe('DATABASE_READ_URL on the embedded database', () => {
    it('is ignored, with a line in the log, and every read answers from the one database', async () => {
      const lines: string[] = [];
      const log = { warn: (message: string) => lines.push(message), info: () => undefined } as never;
      const routing = openReadRouting({
        primary: app.db,
        readUrl: 'postgres://postgres@127.0.0.1:5432/skywater',
        maxLagBytes: 0,
        statementTimeoutMs: 1_000,
        log,
      });
      expect(lines).toEqual([
        'DATABASE_READ_URL is ignored: the embedded database has no replica, every read goes to it',
      ]);
      expect(routing.forRead(1)).toBe(app.db);
      expect(routing.status()).toBeNull();

      const ready = await admin.get('/api/ready');
      expect(ready.body).toMatchObject({ status: 'ready', down: [] });
      expect(ready.body.checks.readReplica).toBeUndefined();
      expect(await seriesValues(admin, 'RR-A')).toBe(1);
      expect(await tileCodes(analyst)).toEqual(['RR-A', 'RR-B']);
    }, 120_000);
  });
