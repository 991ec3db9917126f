import type { Polygon } from 'geojson';
import { createLogger } from '@skywater/core/log/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateCoverage } from '../../workers/src/survey/update-coverage';
import { loadDemoData } from '../../server/src/demo/load-demo';
import { AREA_LIMITS } from '../../server/src/places/area-limits';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';
import { FLIGHT_LOG_LIMITS } from '../../server/src/survey/flight-log-limits';
import { PREVIEWS_DUE, queueBusy, rectangle, uploadFlight } from './survey-helpers';

/**
 * The demo's own figures and the coverage routes end to end: the demo areas' headline equals
 * the union of the footprints `GET /api/images/:id` returns (photos flagged duplicate left out,
 * as the product counts them); an admin's rebuild reports the drift it corrected and is
 * audited; the 5-minute sweep repairs a cell that lost its update; a new area's gaps are
 * there before its first flight; areas over the size or vertex limits are refused.
 */
let app: TestApp;
let pilot: TestClient;
let admin: TestClient;
const log = createLogger('silent');

async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await app.services.relay.relayOnce();
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

async function allProcessed(): Promise<boolean> {
  const { rows } = await app.db.query<{ busy: number }>(
    `select (select count(*)::int from images where status = 'pending')
          + (${PREVIEWS_DUE})
          + (select count(*)::int from coverage_pending)
          + (select count(*)::int from outbox where relayed_at is null)
          + (select count(*)::int from survey_areas where grid_created_at is null) as busy`,
  );
  return rows[0]!.busy + (await queueBusy(app, 'coverage')) + (await queueBusy(app, 'images')) === 0;
}

beforeAll(async () => {
  app = await startTestApp({ mode: 'all' });
  await loadDemoData(app.db, log, { dataDir: app.config.dataDir });
  await eventually('demo processed', allProcessed, 400_000);
  pilot = await app.client('pilot');
  admin = await app.client('admin');
}, 600_000);
afterAll(() => app?.close());

interface AreaReply {
  id: number;
  name: string;
  city: string;
  areaKm2: number;
  coveredKm2: number;
  coveragePct: number;
}

/** km² of the union of the footprints the API returns for the photos that count, inside the area. */
async function unionOfApiFootprintsKm2(areaId: number): Promise<number> {
  const { rows: ids } = await app.db.query<{ id: number }>(`select id from images order by id`);
  const footprints: Polygon[] = [];
  for (const { id } of ids) {
    const image = (await pilot.get(`/api/images/${id}`)).body as {
      status: string;
      qcFlags: string[];
      footprint: Polygon | null;
    };
    if (image.status === 'done' && image.footprint && !image.qcFlags.includes('duplicate')) {
      footprints.push(image.footprint);
    }
  }
  const { rows } = await app.db.query<{ km2: number | null }>(
    `select st_area(st_intersection(st_union(st_setsrid(st_geomfromgeojson(f), 4326)), a.geom)::geography) / 1e6 as km2
     from survey_areas a cross join unnest($2::text[]) f
     where a.id = $1 group by a.geom`,
    [areaId, footprints.map((f) => JSON.stringify(f))],
  );
  return rows[0]?.km2 ?? 0;
}

describe('the demo areas', () => {
  it('have a headline within 0.1 % of the union of their footprints, and a rebuild finds nothing to correct', async () => {
    // The two flown demo areas (Yazhou's 211 grid cells are areas too, never flown in the demo).
    const areas = ((await pilot.get('/api/areas')).body as AreaReply[]).filter((a) =>
      ['东方市', '海口市'].includes(a.city),
    );
    expect(areas.map((a) => a.city).sort()).toEqual(['东方市', '海口市']);
    for (const area of areas) {
      const union = await unionOfApiFootprintsKm2(area.id);
      expect(union, area.city).toBeGreaterThan(0.2);
      expect(
        Math.abs(area.coveredKm2 - union) / union,
        `${area.city}: ${area.coveredKm2} vs ${union}`,
      ).toBeLessThan(1e-3);
      const one = (await pilot.get(`/api/areas/${area.id}`)).body as AreaReply & { metricSrid: number };
      expect(one.coveredKm2).toBe(area.coveredKm2);
      expect(one.metricSrid).toBe(32649);
      const history = (await pilot.get(`/api/areas/${area.id}/coverage/history`)).body as {
        points: { coveredKm2: number }[];
      };
      expect(Math.abs(history.points.at(-1)!.coveredKm2 - area.coveredKm2)).toBeLessThan(1e-3 * union);
      const rebuild = await admin.post(`/api/areas/${area.id}/coverage/rebuild`, {});
      expect(rebuild.status).toBe(200);
      expect(Math.abs(rebuild.body.driftKm2), area.city).toBeLessThan(1e-6 * union);
    }
  });
});

describe('POST /api/areas/:id/coverage/rebuild', () => {
  it('recomputes a corrupted area, reports the drift it corrected, and is audited', async () => {
    const areaId = ((await pilot.get('/api/areas')).body as AreaReply[]).find((a) => a.city === '海口市')!.id;
    const before = ((await pilot.get(`/api/areas/${areaId}`)).body as AreaReply).coveredKm2;
    const { rows } = await app.db.query<{ km2: number }>(
      `update coverage_cells set covered_km2 = cell_km2
       where area_id = $1 and ix || ',' || iy = (select ix || ',' || iy from coverage_cells
         where area_id = $1 and covered_km2 > 0 and covered_km2 < cell_km2 * 0.9 order by ix, iy limit 1)
       returning 1`,
      [areaId],
    );
    expect(rows).toHaveLength(1);
    const corrupted = ((await pilot.get(`/api/areas/${areaId}`)).body as AreaReply).coveredKm2;
    expect(corrupted).toBeGreaterThan(before);

    expect((await pilot.post(`/api/areas/${areaId}/coverage/rebuild`, {})).status).toBe(403);
    const reply = await admin.post(`/api/areas/${areaId}/coverage/rebuild`, {});
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ areaId, cellsChanged: 1 });
    expect(reply.body.driftKm2).toBeCloseTo(before - corrupted, 9);
    expect(((await pilot.get(`/api/areas/${areaId}`)).body as AreaReply).coveredKm2).toBeCloseTo(before, 9);
    const audit = await app.db.query<{ actor_name: string; after: { driftKm2: number } }>(
      `select actor_name, after from audit_log where action = 'rebuild_coverage' and entity_id = $1 order by id desc limit 1`,
      [String(areaId)],
    );
    expect(audit.rows[0]!.actor_name).toBe('admin');
    expect(audit.rows[0]!.after.driftKm2).toBeCloseTo(before - corrupted, 9);
    expect((await admin.post('/api/areas/999999/coverage/rebuild', {})).status).toBe(404);
  });

  it('is repaired by the periodic sweep too, when a cell lost its update', async () => {
    const areaId = ((await pilot.get('/api/areas')).body as AreaReply[]).find((a) => a.city === '东方市')!.id;
    const before = ((await pilot.get(`/api/areas/${areaId}`)).body as AreaReply).coveredKm2;
    await app.db.query(
      `update coverage_cells set covered = null, covered_km2 = 0, look_count = 0, image_id_sum = 0
       where area_id = $1 and (ix, iy) = (select ix, iy from coverage_cells where area_id = $1 and look_count > 0
                                          order by covered_km2 desc, ix, iy limit 1)`,
      [areaId],
    );
    expect(((await pilot.get(`/api/areas/${areaId}`)).body as AreaReply).coveredKm2).toBeLessThan(before);
    // The sweep is the same job with no area.
    const result = (await updateCoverage({ data: {} } as never, {
      db: app.db,
      log,
      config: app.config,
    })) as Record<number, { cellsRepaired: number }>;
    expect(result[areaId]!.cellsRepaired).toBe(1);
    expect(((await pilot.get(`/api/areas/${areaId}`)).body as AreaReply).coveredKm2).toBeCloseTo(before, 9);
  });
});

describe('a new area', () => {
  it('has its gaps to download before its first flight, and its grid built by a job', async () => {
    const geometry = rectangle(110.5, 19.9, 110.52, 19.92);
    const created = await pilot.post('/api/areas', {
      name: 'New area, no flight yet',
      city: '海口市',
      geometry,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    expect(created.body.coveredKm2).toBe(0);
    const gaps = await pilot.get(`/api/areas/${id}/gaps`);
    expect(gaps.status).toBe(200);
    expect(gaps.body.features).toHaveLength(1);
    expect(gaps.body.features[0].properties.areaM2 / 1e6).toBeCloseTo(created.body.areaKm2, 6);
    const kml = await pilot.get(`/api/areas/${id}/gaps?format=kml`);
    expect(kml.status).toBe(200);
    expect(String(kml.body)).toContain('<Polygon>');
    await eventually('its grid built', async () => {
      const { rows } = await app.db.query<{ built: boolean }>(
        `select grid_created_at is not null as built from survey_areas where id = $1`,
        [id],
      );
      return rows[0]!.built;
    });
    const after = await pilot.get(`/api/areas/${id}/gaps`);
    expect(after.status).toBe(200);
    const gapKm2 = (after.body.features as { properties: { areaM2: number } }[]).reduce(
      (s, f) => s + f.properties.areaM2 / 1e6,
      0,
    );
    expect(gapKm2).toBeCloseTo(created.body.areaKm2, 6);
    expect((await pilot.get(`/api/areas/${id}/coverage`)).body).toMatchObject({
      coveredKm2: 0,
      gridBuilt: true,
    });
  });

  it('is refused over the size limit or the vertex limit, and nothing is stored', async () => {
    const count = async () =>
      (await app.db.query<{ n: number }>(`select count(*)::int as n from survey_areas`)).rows[0]!.n;
    const before = await count();
    // ~1° × 1° at 20° N is about 11,600 km².
    const huge = await pilot.post('/api/areas', {
      name: 'Too big',
      city: '海口市',
      geometry: rectangle(109, 19, 110, 20),
    });
    expect(huge.status).toBe(400);
    expect(huge.body.error.message).toContain(`${AREA_LIMITS.maxAreaKm2}`);
    const ring: [number, number][] = [];
    const n = AREA_LIMITS.maxVertices + 1;
    for (let i = 0; i < n - 1; i++) {
      const a = (2 * Math.PI * i) / (n - 1);
      ring.push([110.6 + 0.01 * Math.cos(a), 19.9 + 0.01 * Math.sin(a)]);
    }
    ring.push(ring[0]!);
    const detailed = await pilot.post('/api/areas', {
      name: 'Too detailed',
      city: '海口市',
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
    expect(detailed.status).toBe(400);
    expect(detailed.body.error.message).toContain('vertices');
    expect(await count()).toBe(before);
  });
});

describe('flight log size', () => {
  const csvLog = (points: number, seed: number) =>
    ['latitude,longitude,height_above_takeoff(m)']
      .concat(
        Array.from(
          { length: points },
          (_, i) => `${(19.82 + seed * 1e-3 + i * 1e-7).toFixed(8)},${(110.42 + i * 1e-7).toFixed(8)},100`,
        ),
      )
      .join('\n');
  const fields = { cameraModel: 'phantom-4-rtk', team: '海口市禁毒支队无人机航测队', pilot: '王磊' };
  const flightCount = async () =>
    (await app.db.query<{ n: number }>(`select count(*)::int as n from flights`)).rows[0]!.n;

  it('refuses a 300,000-point log with a clear message, storing nothing', async () => {
    const before = await flightCount();
    const reply = await uploadFlight(pilot, fields, { name: 'whole-day.csv', content: csvLog(300_000, 1) });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain('300000 points');
    expect(reply.body.error.message).toContain(String(FLIGHT_LOG_LIMITS.maxPoints));
    expect(await flightCount()).toBe(before);
  });

  it('keeps all the figures of a 30,000-point log but stores at most 10,000 points of its track', async () => {
    const reply = await uploadFlight(pilot, fields, { name: 'dense.csv', content: csvLog(30_000, 2) });
    expect(reply.status).toBe(201);
    expect(reply.body.pointCount).toBe(30_000);
    const { rows } = await app.db.query<{ n: number }>(
      `select st_npoints(track) as n from flights where id = $1`,
      [reply.body.id],
    );
    expect(rows[0]!.n).toBeLessThanOrEqual(FLIGHT_LOG_LIMITS.maxStoredPoints);
    expect(rows[0]!.n).toBeGreaterThan(FLIGHT_LOG_LIMITS.maxStoredPoints / 2);
  });
});
