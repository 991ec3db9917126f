import fs from 'node:fs';
import path from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import Protobuf from 'pbf';
import { Worker } from 'bullmq';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gcj02ToWgs84 } from '@skywater/core/survey/gcj02';
import { lonLatToOffset } from '@skywater/core/survey/local-tangent-plane';
import { createQueues } from '@skywater/workers';
import { createRedis } from '@skywater/workers/redis';
import { applyPendingCoverage } from '@skywater/core/survey/coverage/cell-update';
import { makeImagePreview } from '@skywater/workers/survey/make-preview';
import { gapsLayer } from '../../server/src/tiles/layers/gaps-layer';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';
import {
  DEMO_FLIGHT_DIR,
  createArea,
  demoPhoto,
  readFixture,
  rectangle,
  uploadDemoFlight,
  uploadFlight,
  uploadImages,
  waitForSurveyWork,
} from './survey-helpers';

// The demo flight haikou-2025-flight-1 (samples/data/survey/manifest.json): Phantom 4 RTK,
// 100 m above take-off, nadir, 2025-03-10 01:30:00-01:36:57.076 UTC, 210 GPX points.
let app: TestApp;
let pilot: TestClient;
let areaId: number;
let flightId: number;
const photos = Array.from({ length: 14 }, (_, i) => i + 1);

beforeAll(async () => {
  app = await startTestApp({ mode: 'all' });
  pilot = await app.client('pilot');
  areaId = await createArea(pilot, 'Survey pipeline area');
  flightId = await uploadDemoFlight(pilot, areaId);
  const upload = await uploadImages(
    pilot,
    flightId,
    photos.map((n) => ({ name: `DJI_${String(n).padStart(4, '0')}.JPG`, content: demoPhoto(n) })),
  );
  if (upload.status !== 202) throw new Error(JSON.stringify(upload.body));
  await waitForSurveyWork(app, flightId);
});
afterAll(() => app?.close());

const imageByName = async (name: string) =>
  (
    await app.db.query<{ id: number }>(`select id from images where flight_id = $1 and original_name = $2`, [
      flightId,
      name,
    ])
  ).rows[0]!.id;

describe('flight upload', () => {
  it('stores the track and derives duration, distance, height and times', async () => {
    const reply = await pilot.get(`/api/flights/${flightId}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      pointCount: 210,
      format: 'gpx',
      outsideAreas: false,
      startedAt: '2025-03-10T01:30:00.000Z',
      endedAt: '2025-03-10T01:36:57.076Z',
      images: { total: 14, done: 14, failed: 0 },
      // Who uploaded it (the account), beside the pilot's name as typed: the pilot's own areas first.
      pilot: '王磊',
      uploadedBy: 'pilot',
    });
    const listed = (await pilot.get('/api/flights')).body as { id: number; uploadedBy: string | null }[];
    expect(listed.find((flight) => flight.id === flightId)?.uploadedBy).toBe('pilot');
    expect(reply.body.durationS).toBeCloseTo(417.076, 3);
    expect(reply.body.track.geometry.type).toBe('MultiLineString');
    expect(reply.body.track.geometry.coordinates[0][0]).toEqual([110.4199985, 19.8186463, 38]);
    expect(reply.body.track.properties.coordinateProperties.times[0][0]).toBe('2025-03-10T01:30:00.000Z');
    const stored = await app.db.query<{ t: string }>(
      `select geometrytype(track) || st_zmflag(track) as t from flights where id = $1`,
      [flightId],
    );
    expect(stored.rows[0]!.t).toBe('MULTILINESTRING3');
  });

  it('answers 409 with the existing flight when the same log comes again, and stores nothing', async () => {
    const again = await uploadFlight(
      pilot,
      { areaId: String(areaId), cameraModel: 'phantom-4-rtk', team: 't', pilot: 'p' },
      { name: 'copy.gpx', content: readFixture('demo-flight/haikou-2025-flight-1.gpx') },
    );
    expect(again.status).toBe(409);
    expect(again.body.error.details).toEqual({ existingId: flightId });
    expect((await app.db.query(`select 1 from flights`)).rows).toHaveLength(1);
  });

  it('accepts a flight outside every survey area and flags it', async () => {
    const gpx = readFixture('demo-flight/haikou-2025-flight-1.gpx')
      .toString()
      .replace(/lon="110\./g, 'lon="100.');
    const reply = await uploadFlight(
      pilot,
      { cameraModel: 'phantom-4-rtk', team: 't', pilot: 'p' },
      { name: 'elsewhere.gpx', content: gpx },
    );
    expect(reply.status).toBe(201);
    expect(reply.body.outsideAreas).toBe(true);
  });

  it('converts GCJ-02 points to WGS84 when the user says the log came from a Chinese web map', async () => {
    const gpx = readFixture('demo-flight/haikou-2025-flight-1.gpx')
      .toString()
      .replace('<name>', '<name>gcj ');
    const reply = await uploadFlight(
      pilot,
      { cameraModel: 'phantom-4-rtk', team: 't', pilot: 'p', coordinateSystem: 'gcj02' },
      { name: 'gcj.gpx', content: gpx },
    );
    expect(reply.status).toBe(201);
    const flight = await pilot.get(`/api/flights/${reply.body.id}`);
    const [lon, lat] = flight.body.track.geometry.coordinates[0][0];
    const [wgsLon, wgsLat] = gcj02ToWgs84(110.4199985, 19.8186463);
    expect(lon).toBeCloseTo(wgsLon, 7);
    expect(lat).toBeCloseTo(wgsLat, 7);
    // GCJ-02's offset is a few hundred metres: the stored point moved by that much.
    const moved = lonLatToOffset({ lon: 110.4199985, lat: 19.8186463 }, lon, lat);
    expect(Math.hypot(moved.eastM, moved.northM)).toBeGreaterThan(100);
    expect(Math.hypot(moved.eastM, moved.northM)).toBeLessThan(800);
  });
});

describe('image processing', () => {
  it('gives the Phantom 4 RTK at 100 m a GSD of 2.74 cm/px and a 150 × 100 m footprint (±1 %)', async () => {
    const reply = await pilot.get(`/api/images/${await imageByName('DJI_0001.JPG')}`);
    expect(reply.body.gsdCm).toBeCloseTo(2.74, 2);
    expect(reply.body.heightAboveGroundM).toBe(100);
    expect(reply.body.qcFlags).toEqual([]);
    expect(reply.body.footprint.type).toBe('Polygon');
    const corners = reply.body.corners as [number, number][];
    const origin = { lon: reply.body.position[0], lat: reply.body.position[1] };
    const m = corners.map(([lon, lat]) => lonLatToOffset(origin, lon, lat));
    const side = (a: number, b: number) => Math.hypot(m[a]!.eastM - m[b]!.eastM, m[a]!.northM - m[b]!.northM);
    expect(Math.abs(side(0, 1) - 150) / 150).toBeLessThan(0.01);
    expect(Math.abs(side(1, 2) - 100) / 100).toBeLessThan(0.01);
    // The same with PostGIS on the ellipsoid: 150 × 100 m = 15,000 m².
    const area = await app.db.query<{ m2: number }>(
      `select st_area(footprint::geography) as m2 from images where id = $1`,
      [reply.body.id],
    );
    expect(Math.abs(area.rows[0]!.m2 - 15_000) / 15_000).toBeLessThan(0.01);
  });

  it('flags the planted problems of the demo flight: gimbal 0/0/0 and no GPS', async () => {
    const list = await pilot.get(`/api/flights/${flightId}/images`);
    const flags = Object.fromEntries(
      list.body.map((i: { name: string; qcFlags: string[] }) => [i.name, i.qcFlags]),
    );
    expect(flags['DJI_0008.JPG']).toEqual(['gimbal_missing']);
    expect(flags['DJI_0014.JPG']).toEqual(['no_gps']);
    expect(Object.values(flags).filter((f) => (f as string[]).length === 0)).toHaveLength(12);
  });

  it('serves a 256 px thumbnail and a preview, with an ETag, and leaves the original untouched', async () => {
    const id = await imageByName('DJI_0002.JPG');
    const thumb = await pilot.get(`/api/images/${id}/thumbnail`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(thumb.body as Buffer).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBe(256);
    const again = await pilot.request('GET', `/api/images/${id}/thumbnail`, undefined, {
      'if-none-match': thumb.headers.get('etag')!,
    });
    expect(again.status).toBe(304);
    expect((await pilot.get(`/api/images/${id}`)).body.previewReady).toBe(true);
    const preview = await pilot.get(`/api/images/${id}/preview`);
    expect(preview.status).toBe(200);
    // The demo photos (640 px) are no larger than a preview: each is its own preview.
    expect((preview.body as Buffer).equals(demoPhoto(2))).toBe(true);
    const key = (
      await app.db.query<{ storage_key: string }>(`select storage_key from images where id = $1`, [id])
    ).rows[0]!;
    const original = fs.readFileSync(path.join(app.config.dataDir, 'imagery', key.storage_key));
    expect(original.equals(demoPhoto(2))).toBe(true);
  });

  it('says the preview is not ready (previewReady false, 409 not_ready) until its job made it', async () => {
    const id = await imageByName('DJI_0004.JPG');
    await app.db.query(`update images set preview_key = null where id = $1`, [id]);
    expect((await pilot.get(`/api/images/${id}`)).body).toMatchObject({
      status: 'done',
      previewReady: false,
    });
    const listed = (await pilot.get(`/api/flights/${flightId}/images`)).body as {
      id: number;
      previewReady: boolean;
    }[];
    expect(listed.find((i) => i.id === id)?.previewReady).toBe(false);
    const early = await pilot.get(`/api/images/${id}/preview`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('not_ready');
    expect(early.headers.get('cache-control')).toBe('no-store');
    expect(early.headers.get('retry-after')).toBe('5');
    // The thumbnail is there already, and the photo counts as processed.
    expect((await pilot.get(`/api/images/${id}/thumbnail`)).status).toBe(200);
    expect((await pilot.get(`/api/flights/${flightId}`)).body.images).toMatchObject({ total: 14, done: 14 });
    const ctx = { db: app.db, log: silentLog, config: app.config };
    expect(await makeImagePreview({ data: { imageId: id } } as never, ctx)).toMatchObject({ imageId: id });
    // Run again (BullMQ delivers at least once): nothing to do.
    expect(await makeImagePreview({ data: { imageId: id } } as never, ctx)).toMatchObject({
      skipped: 'ready',
    });
    expect((await pilot.get(`/api/images/${id}`)).body.previewReady).toBe(true);
    expect((await pilot.get(`/api/images/${id}/preview`)).status).toBe(200);
    expect((await pilot.get('/api/images/999999/preview')).status).toBe(404);
  });

  it('made one preview job per photo, queued by it, with a lower priority', async () => {
    const jobs = await app.services.queues.get('images').getJobs(['completed']);
    const ofFlight = async (name: string) => {
      const ids = new Set(
        (
          await app.db.query<{ id: number }>(`select id from images where flight_id = $1`, [flightId])
        ).rows.map((r) => r.id),
      );
      return jobs.filter((j) => j.name === name && ids.has(j.data.imageId));
    };
    const previews = await ofFlight('make-preview');
    const processed = await ofFlight('process-image');
    expect(previews).toHaveLength(14);
    expect(new Set(previews.map((j) => j.data.imageId)).size).toBe(14);
    for (const job of previews) {
      expect(job.opts.priority).toBe(10);
      const before = processed.find((p) => p.data.imageId === job.data.imageId)!;
      expect(job.processedOn!).toBeGreaterThanOrEqual(before.processedOn!);
    }
  });

  it('hands out process-image jobs before waiting preview jobs', async () => {
    const prefix = `${app.config.queuePrefix}-order`;
    const queues = createQueues(app.config, prefix);
    const connection = createRedis(app.config, 'worker');
    const worker = new Worker('images', null, { connection, prefix });
    try {
      await queues.get('images').add('make-preview', { imageId: 1 }, { jobId: 'p1' });
      await queues.get('images').add('process-image', { imageId: 2 }, { jobId: 'i2' });
      await queues.get('images').add('make-preview', { imageId: 2 }, { jobId: 'p2' });
      await queues.get('images').add('process-image', { imageId: 3 }, { jobId: 'i3' });
      const order: string[] = [];
      for (let k = 0; k < 4; k++) {
        const job = (await worker.getNextJob('token'))!;
        order.push(`${job.name}:${job.data.imageId}`);
        await job.moveToCompleted('ok', 'token', false);
      }
      expect(order).toEqual(['process-image:2', 'process-image:3', 'make-preview:1', 'make-preview:2']);
    } finally {
      await worker.close();
      await queues.get('images').obliterate({ force: true });
      await queues.close();
      connection.disconnect();
    }
  });
});

const silentLog = { info() {}, warn() {}, debug() {}, error() {}, child: () => silentLog } as never;
let lookCountAfterUpload = 0;

describe('coverage', () => {
  it('agrees with a plain PostGIS union of the footprints within 0.1 %', async () => {
    const plain = await app.db.query<{ km2: number }>(
      `select st_area(st_intersection(st_union(i.footprint), a.geom)::geography) / 1e6 as km2
       from images i cross join survey_areas a where a.id = $1 and i.footprint is not null group by a.geom`,
      [areaId],
    );
    const area = await pilot.get(`/api/areas/${areaId}`);
    expect(area.body.coveredKm2).toBeGreaterThan(0.1);
    expect(Math.abs(area.body.coveredKm2 - plain.rows[0]!.km2) / plain.rows[0]!.km2).toBeLessThan(0.001);
    const cells = await app.db.query<{ n: number }>(
      `select sum(look_count)::int as n from coverage_cells where area_id = $1`,
      [areaId],
    );
    lookCountAfterUpload = cells.rows[0]!.n;
    expect(lookCountAfterUpload).toBeGreaterThan(13);
  });

  it('re-running an image job gives the same row', async () => {
    const id = await imageByName('DJI_0003.JPG');
    const columns = `status, gsd_cm, qc_flags, st_astext(footprint) as fp, processed_at, thumbnail_key`;
    const before = (await app.db.query(`select ${columns} from images where id = $1`, [id])).rows[0];
    const { processImage } = await import('@skywater/workers/survey/process-image');
    await processImage({ data: { imageId: id } } as never, {
      db: app.db,
      log: silentLog,
      config: app.config,
    });
    const after = (await app.db.query(`select ${columns} from images where id = $1`, [id])).rows[0];
    expect(after).toEqual(before);
    await applyPendingCoverage(app.db, areaId);
    // The re-run queued a coverage job (outbox); let it finish so that it cannot take the next
    // test's pending footprint.
    await waitForSurveyWork(app, flightId);
    const cells = await app.db.query<{ n: number }>(
      `select sum(look_count)::int as n from coverage_cells where area_id = $1`,
      [areaId],
    );
    expect(cells.rows[0]!.n).toBe(lookCountAfterUpload);
  });

  it('reports coverage by date range and as a series over time', async () => {
    const day = await pilot.get(`/api/areas/${areaId}/coverage?from=2025-03-10&to=2025-03-10`);
    const all = await pilot.get(`/api/areas/${areaId}/coverage`);
    expect(day.body.coveredKm2).toBeCloseTo(all.body.coveredKm2, 9);
    expect((await pilot.get(`/api/areas/${areaId}/coverage?from=2025-03-11`)).body.coveredKm2).toBe(0);
    const history = await pilot.get(`/api/areas/${areaId}/coverage/history`);
    expect(history.body.points).toEqual([
      expect.objectContaining({ day: '2025-03-10', coveredKm2: expect.closeTo(all.body.coveredKm2, 9) }),
    ]);
  });

  it('recomputes only the cells a new footprint touches', async () => {
    const before = await app.db.query<{ ix: number; iy: number; updated_at: Date }>(
      `select ix, iy, updated_at from coverage_cells where area_id = $1`,
      [areaId],
    );
    // A 300 × 300 m nadir-like footprint in the area's north-east corner, far from the flight.
    const { rows } = await app.db.query<{ id: number }>(
      `insert into images (flight_id, sha256, original_name, storage_key, status, captured_at, footprint)
       values ($1, repeat('a', 64), 'synthetic.jpg', 'images/test/synthetic.jpg', 'done', '2025-03-12T02:00:00Z',
               st_setsrid(st_makeenvelope(110.44, 19.83, 110.4428, 19.8327), 4326)) returning id`,
      [flightId],
    );
    // The images trigger recorded the new footprint as pending (sql/010).
    const update = await applyPendingCoverage(app.db, areaId);
    const after = await app.db.query<{ ix: number; iy: number; updated_at: Date; hit: boolean }>(
      `select c.ix, c.iy, c.updated_at, st_intersects(c.geom, i.footprint) as hit
       from coverage_cells c, images i where c.area_id = $1 and i.id = $2`,
      [areaId, rows[0]!.id],
    );
    const beforeAt = new Map(before.rows.map((r) => [`${r.ix},${r.iy}`, r.updated_at.getTime()]));
    const changed = after.rows.filter((r) => r.updated_at.getTime() !== beforeAt.get(`${r.ix},${r.iy}`));
    const touched = after.rows.filter((r) => r.hit);
    expect(update).toEqual({ images: 1, cellsAdded: touched.length, cellsRecomputed: 0 });
    expect(changed.map((r) => `${r.ix},${r.iy}`).sort()).toEqual(
      touched.map((r) => `${r.ix},${r.iy}`).sort(),
    );
    expect(touched.length).toBeLessThan(after.rows.length / 10);
    const history = await pilot.get(`/api/areas/${areaId}/coverage/history`);
    expect(history.body.points.map((p: { day: string }) => p.day)).toEqual(['2025-03-10', '2025-03-12']);
  });
});

describe('gaps', () => {
  it('returns area − covered as GeoJSON, ordered as a tour, adding up with the coverage', async () => {
    const area = await pilot.get(`/api/areas/${areaId}`);
    const gaps = await pilot.get(`/api/areas/${areaId}/gaps?minAreaM2=0`);
    expect(gaps.body.type).toBe('FeatureCollection');
    expect(gaps.body.features.map((f: { properties: { rank: number } }) => f.properties.rank)).toEqual(
      gaps.body.features.map((_: unknown, i: number) => i + 1),
    );
    const gapKm2 =
      gaps.body.features.reduce(
        (s: number, f: { properties: { areaM2: number } }) => s + f.properties.areaM2,
        0,
      ) / 1e6;
    expect(Math.abs(gapKm2 + area.body.coveredKm2 - area.body.areaKm2) / area.body.areaKm2).toBeLessThan(
      0.001,
    );
  });

  it('drops slivers under the threshold and writes KML with one Placemark per gap', async () => {
    const big = await pilot.get(`/api/areas/${areaId}/gaps?minAreaM2=100000&order=largest`);
    const areas = big.body.features.map((f: { properties: { areaM2: number } }) => f.properties.areaM2);
    expect(areas.every((a: number) => a >= 100_000)).toBe(true);
    expect([...areas].sort((a, b) => b - a)).toEqual(areas);
    const kml = await pilot.get(`/api/areas/${areaId}/gaps?format=kml&minAreaM2=100000`);
    expect(kml.headers.get('content-type')).toMatch(/kml/);
    const text = Buffer.isBuffer(kml.body) ? kml.body.toString() : String(kml.body);
    expect(text.match(/<Placemark>/g)).toHaveLength(big.body.features.length);
  });
});

/** Slippy-map tile containing lon/lat at zoom z. */
function tileOf(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const latRad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2) * n);
  return { x, y, z };
}

describe('vector tiles', () => {
  const t = tileOf(110.4215, 19.8205, 14);

  it("draws from z12 exactly the union of the open cells' uncovered parts", async () => {
    // Zoom 12: the whole area, mostly open; zoom 18 under the flight: a few open cells among seen ones.
    for (const tile of [tileOf(110.4215, 19.8205, 12), tileOf(110.4215, 19.8205, 18)]) {
      const { rows } = await app.db.query<{ apart: number; gap: number }>(
        `with tile as (select st_tileenvelope($1, $2, $3) as env3857,
                              st_transform(st_tileenvelope($1, $2, $3), 4326) as env4326),
         layer as (${gapsLayer.sql({ z: tile.z, query: {}, seesRestrictedSites: false, findingsRecordedBy: null, param: () => '' })}),
         -- The open cells' uncovered parts, unioned: what the layer drew before it had overviews.
         reference as (
           select st_union(case when c.covered is null then c.geom else st_difference(c.geom, c.covered, 1e-10) end, 1e-10) as g
           from coverage_cells c cross join tile
           where c.area_id = $4 and c.geom && tile.env4326 and (c.covered is null or c.covered_km2 < c.cell_km2)),
         drawn as (select st_union(geom) as g from layer where "areaId" = $4)
         select st_area(st_intersection(st_symdifference(reference.g, drawn.g), tile.env4326)::geography) as apart,
                st_area(st_intersection(reference.g, tile.env4326)::geography) as gap
         from reference, drawn, tile`,
        [tile.z, tile.x, tile.y, areaId],
      );
      const { apart, gap } = rows[0]!;
      expect(gap, `z${tile.z}`).toBeGreaterThan(0);
      expect(apart / gap, `z${tile.z}`).toBeLessThan(1e-6);
    }
  });

  it('keeps the overviews equal to aggregates of the cells computed apart from them', async () => {
    // Blocks of 2, 4, 8 and 16 cells: sums and extremes of their cells, grouped here.
    const { rows: blocks } = await app.db.query<{ expected: number; stored: number; differing: number }>(
      `with expected as (
         select c.area_id, s.side, floor(c.ix::float8 / s.side)::int as bx, floor(c.iy::float8 / s.side)::int as by,
                count(*)::int as n, sum(c.cell_km2) as km2, sum(c.covered_km2) as covered,
                sum(case when c.covered_km2 < c.cell_km2 then c.cell_km2 - c.covered_km2 else 0 end) as open,
                max(c.look_count) as looks, min(c.best_gsd_cm) as gsd, max(c.last_seen_at) as seen,
                min(c.ix) as ix, min(c.iy) as iy
         from coverage_cells c cross join (values (2), (4), (8), (16)) s(side)
         where c.area_id = $1
         group by 1, 2, 3, 4),
       stored as (select * from coverage_blocks where area_id = $1)
       select (select count(*)::int from expected) as expected, (select count(*)::int from stored) as stored,
              count(*) filter (where b.area_id is null or e.area_id is null
                or b.cell_count <> e.n or abs(b.cell_km2 - e.km2) > 1e-9 * e.km2
                or abs(b.covered_km2 - e.covered) > 1e-9 * e.km2 or abs(b.open_km2 - e.open) > 1e-9 * e.km2
                or b.look_count <> e.looks or b.best_gsd_cm is distinct from e.gsd
                or b.last_seen_at is distinct from e.seen or b.min_ix <> e.ix or b.min_iy <> e.iy)::int as differing
       from expected e full join stored b
         on b.area_id = e.area_id and b.side_cells = e.side and b.block_x = e.bx and b.block_y = e.by`,
      [areaId],
    );
    expect(blocks[0]!.stored).toBeGreaterThan(0);
    expect(blocks[0]).toEqual({ expected: blocks[0]!.stored, stored: blocks[0]!.stored, differing: 0 });

    // The gap overviews: the exact union of the open cells' uncovered parts, and at blocks of 2
    // and 4 the union of the cells of the blocks whose open km² is at least half of theirs.
    const { rows: gaps } = await app.db.query<{ side: number; apart: number; gap: number; seen: number }>(
      `with cells as (select * from coverage_cells where area_id = $1),
       reference as (
         select 1 as side, st_union(case when covered is null then geom else st_difference(geom, covered, 1e-10) end, 1e-10) as g
         from cells where covered is null or covered_km2 < cell_km2
         union all
         select side, st_union(c.geom, 1e-10)
         from (select s.side, floor(c.ix::float8 / s.side) as bx, floor(c.iy::float8 / s.side) as by
               from cells c cross join (values (2), (4)) s(side)
               group by 1, 2, 3
               having sum(case when c.covered_km2 < c.cell_km2 then c.cell_km2 - c.covered_km2 else 0 end) * 2 >= sum(c.cell_km2)) b
         join cells c on floor(c.ix::float8 / b.side) = b.bx and floor(c.iy::float8 / b.side) = b.by
         group by side),
       stored as (select side_cells as side, st_union(geom) as g, count(*)::int as parts
                  from coverage_gap_overviews where area_id = $1 group by side_cells)
       select r.side, st_area(st_symdifference(r.g, s.g)::geography) as apart, st_area(r.g::geography) as gap,
              s.parts as seen
       from reference r join stored s using (side) order by r.side`,
      [areaId],
    );
    expect(gaps.map((g) => g.side)).toEqual([1, 2, 4]);
    for (const g of gaps) {
      expect(g.gap, `side ${g.side}`).toBeGreaterThan(0);
      expect(g.apart / g.gap, `side ${g.side}`).toBeLessThan(1e-6);
    }

    // A flight's overview: its track simplified to 1e-4°, within that of the track everywhere.
    const { rows: tracks } = await app.db.query<{
      drawn: number;
      points: number;
      apart: number;
      same: boolean;
    }>(
      `select st_npoints(track_overview) as drawn, st_npoints(track) as points,
              st_hausdorffdistance(track_overview, st_force2d(track)) as apart,
              st_equals(track_overview, st_simplify(st_force2d(track), 0.0001, true)) as same
       from flights where id = $1`,
      [flightId],
    );
    expect(tracks[0]!.same).toBe(true);
    expect(tracks[0]!.drawn).toBeLessThan(tracks[0]!.points);
    expect(tracks[0]!.apart).toBeLessThanOrEqual(1e-4);
  });

  it('serves footprints, flights and coverage with the layer name as source-layer', async () => {
    for (const layer of ['footprints', 'flights', 'coverage', 'gaps']) {
      const reply = await pilot.get(`/tiles/${layer}/${t.z}/${t.x}/${t.y}.pbf`);
      expect(reply.status, layer).toBe(200);
      const tile = new VectorTile(new Protobuf(reply.body as Buffer));
      expect(Object.keys(tile.layers), layer).toEqual([layer]);
      expect(tile.layers[layer]!.length, layer).toBeGreaterThan(0);
    }
    const footprints = new VectorTile(
      new Protobuf((await pilot.get(`/tiles/footprints/${t.z}/${t.x}/${t.y}.pbf`)).body),
    );
    const feature = footprints.layers.footprints!.feature(0);
    expect(feature.type).toBe(3);
    expect(feature.properties.flightId).toBe(flightId);
    // Each footprint's feature id is its photo's (what a click on the map opens), every one a
    // photo of the flight, none twice; the id is not repeated as a property.
    const photoIds = new Set(
      ((await pilot.get(`/api/flights/${flightId}/images`)).body as { id: number }[]).map((i) => i.id),
    );
    const featureIds = Array.from({ length: footprints.layers.footprints!.length }, (_, i) =>
      Number(footprints.layers.footprints!.feature(i).id),
    );
    expect(featureIds.every((id) => photoIds.has(id))).toBe(true);
    expect(new Set(featureIds).size).toBe(featureIds.length);
    expect(feature.properties).not.toHaveProperty('id');
    const coverage = new VectorTile(
      new Protobuf((await pilot.get(`/tiles/coverage/${t.z}/${t.x}/${t.y}.pbf`)).body),
    );
    const fraction = coverage.layers.coverage!.feature(0).properties.coveredFraction as number;
    expect(fraction).toBeGreaterThan(0);
    expect(fraction).toBeLessThanOrEqual(1);
  });

  it("draws coverage zoomed out as blocks of cells whose fraction is their cells' covered km² over their km²", async () => {
    const z9 = tileOf(110.4215, 19.8205, 9);
    const tile = new VectorTile(
      new Protobuf((await pilot.get(`/tiles/coverage/9/${z9.x}/${z9.y}.pbf`)).body),
    );
    const blocks = tile.layers.coverage!;
    const { rows: cells } = await app.db.query<{
      areaId: number;
      ix: number;
      iy: number;
      covered: number;
      km2: number;
      looks: number;
    }>(
      `select c.area_id::int as "areaId", c.ix, c.iy, c.covered_km2 as covered, c.cell_km2 as km2, c.look_count as looks
         from coverage_cells c
        where c.geom && st_transform(st_tileenvelope(9, $1, $2), 4326)`,
      [z9.x, z9.y],
    );
    // At z9 a block is 8 × 8 cells; grouped here in JavaScript, apart from the tile's SQL.
    const expected = new Map<
      string,
      { covered: number; km2: number; looks: number; ix: number; iy: number }
    >();
    for (const c of cells) {
      const key = `${c.areaId}:${Math.floor(c.ix / 8)}:${Math.floor(c.iy / 8)}`;
      const b = expected.get(key) ?? { covered: 0, km2: 0, looks: 0, ix: Infinity, iy: Infinity };
      b.covered += c.covered;
      b.km2 += c.km2;
      b.looks = Math.max(b.looks, c.looks);
      b.ix = Math.min(b.ix, c.ix);
      b.iy = Math.min(b.iy, c.iy);
      expected.set(key, b);
    }
    const seen = [...expected.values()].filter((b) => b.looks > 0);
    expect(seen.length).toBeGreaterThan(0);
    expect(blocks.length).toBe(seen.length);
    expect(blocks.length).toBeLessThan(cells.filter((c) => c.looks > 0).length + 1);
    for (let i = 0; i < blocks.length; i++) {
      const p = blocks.feature(i).properties;
      const block = seen.find((b) => b.ix === p.ix && b.iy === p.iy)!;
      expect(block, `block ${p.ix},${p.iy}`).toBeDefined();
      expect(p.coveredFraction as number).toBeCloseTo(Math.min(block.covered / block.km2, 1), 9);
    }
  });

  it('answers 304 to a matching If-None-Match and sets Cache-Control', async () => {
    const first = await pilot.get(`/tiles/footprints/${t.z}/${t.x}/${t.y}.pbf`);
    expect(first.headers.get('cache-control')).toMatch(/max-age/);
    const second = await pilot.request('GET', `/tiles/footprints/${t.z}/${t.x}/${t.y}.pbf`, undefined, {
      'if-none-match': first.headers.get('etag')!,
    });
    expect(second.status).toBe(304);
  });

  it('keeps findings from lab users and refuses unknown layers', async () => {
    const lab = await app.client('lab');
    expect((await lab.get(`/tiles/findings/${t.z}/${t.x}/${t.y}.pbf`)).status).toBe(403);
    expect((await lab.get(`/tiles/nothing/${t.z}/${t.x}/${t.y}.pbf`)).status).toBe(404);
    expect((await (await app.client()).get(`/tiles/flights/${t.z}/${t.x}/${t.y}.pbf`)).status).toBe(401);
  });

  it('hides restricted sites from pilots and shows them to analysts', async () => {
    await app.db.query(
      `insert into sites (code, name, kind, geom, restricted) values
         ('T-WWTP', 'plant', 'wwtp', st_setsrid(st_makepoint(110.421, 19.821), 4326), false),
         ('T-KTV', 'venue', 'venue', st_setsrid(st_makepoint(110.4212, 19.8212), 4326), true)`,
    );
    const codes = async (client: TestClient) => {
      const reply = await client.get(`/tiles/sites/${t.z}/${t.x}/${t.y}.pbf`);
      const layer = new VectorTile(new Protobuf(reply.body as Buffer)).layers.sites!;
      return Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties.code).sort();
    };
    expect(await codes(pilot)).toEqual(['T-WWTP']);
    expect(await codes(await app.client('analyst'))).toEqual(['T-KTV', 'T-WWTP']);
  });
});

// Keep the fixture folder referenced (the GPX and photos above come from it).
void DEMO_FLIGHT_DIR;
void rectangle;
