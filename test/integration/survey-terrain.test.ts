import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crsForEpsg } from '@skywater/core/survey/terrain/dem-crs';
import { writeDemGeoTiff } from '@skywater/core/survey/terrain/write-dem-geotiff';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';
import { createArea, demoPhoto, uploadDemoFlight, uploadImages, waitForSurveyWork } from './survey-helpers';

const TERRAIN_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/terrain');
const WGS84 = '+proj=longlat +datum=WGS84 +no_defs';
/** The demo Haikou flight's take-off (first GPX point) and its photos' AbsoluteAltitude / RelativeAltitude. */
const TAKEOFF = { lon: 110.4199985, lat: 19.8186463 };
const ABSOLUTE_ALTITUDE_M = 138;
const RELATIVE_ALTITUDE_M = 100;

let app: TestApp;
let admin: TestClient;
let pilot: TestClient;
let analyst: TestClient;

/** A DEM as a tiled GeoTIFF: `cells` × `cells` of `cellM` around `centre`, in `epsg`, elevation z(x, y) of the CRS coordinates. */
function demAround(
  epsg: number,
  centre: { lon: number; lat: number },
  cells: number,
  cellSize: number,
  elevation: (x: number, y: number) => number,
  noData?: number,
) {
  const crs = crsForEpsg(epsg)!;
  const [cx, cy] = proj4(WGS84, crs.proj4).forward([centre.lon, centre.lat]) as [number, number];
  const originX = cx - (cells / 2) * cellSize;
  const originY = cy + (cells / 2) * cellSize;
  const values = new Float32Array(cells * cells);
  for (let row = 0; row < cells; row++)
    for (let col = 0; col < cells; col++)
      values[row * cells + col] = elevation(
        originX + (col + 0.5) * cellSize,
        originY - (row + 0.5) * cellSize,
      );
  return writeDemGeoTiff({
    widthPx: cells,
    heightPx: cells,
    values,
    epsg,
    geographic: crs.geographic,
    originX,
    originY,
    cellSizeX: cellSize,
    cellSizeY: cellSize,
    noData,
  });
}

const project = (epsg: number, point: { lon: number; lat: number }) =>
  proj4(WGS84, crsForEpsg(epsg)!.proj4).forward([point.lon, point.lat]) as [number, number];

async function uploadDem(client: TestClient, name: string, content: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(content)], { type: 'image/tiff' }), name);
  return client.post('/api/terrain', form);
}

const countRows = async (table: string) =>
  (await app.db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;
const terrainFiles = () => {
  const dir = path.join(app.config.dataDir, 'terrain');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

/** Relays queued jobs until `done()` holds (reprocessing leaves photos readable, so no status to wait on). */
async function waitUntil(done: () => Promise<boolean>, what: string, timeoutMs = 240_000) {
  const started = Date.now();
  for (;;) {
    await app.services.relay.relayOnce();
    if (await done()) return;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  app = await startTestApp({
    mode: 'all',
    env: { TERRAIN_MAX_BYTES: '1500000', TERRAIN_MAX_CELLS: '200000' },
  });
  admin = await app.client('admin');
  pilot = await app.client('pilot');
  analyst = await app.client('analyst');
}, 300_000);
afterAll(() => app?.close());

describe('DEM upload refusals: a clear 4xx, no row, no file', () => {
  it('refuses a file that is not a GeoTIFF', async () => {
    const reply = await uploadDem(admin, 'heights.tif', Buffer.from('lon,lat,elevation\n110.4,19.8,38\n'));
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/heights\.tif: Not a GeoTIFF/);
  });

  it('refuses a TIFF with no georeference', async () => {
    const tiff = writeDemGeoTiff({
      widthPx: 32,
      heightPx: 32,
      values: new Float32Array(1024).fill(40),
      epsg: 4326,
      geographic: true,
      originX: 110,
      originY: 20,
      cellSizeX: 0.001,
      cellSizeY: 0.001,
      georeferenced: false,
    });
    const reply = await uploadDem(admin, 'scan.tif', tiff);
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/no georeference/);
  });

  it('refuses a DEM beyond TERRAIN_MAX_BYTES with 413', async () => {
    const big = demAround(32649, TAKEOFF, 700, 30, () => 40);
    expect(big.length).toBeGreaterThan(1_500_000);
    const reply = await uploadDem(admin, 'big.tif', big);
    expect(reply.status).toBe(413);
    expect(reply.body.error.message).toMatch(/TERRAIN_MAX_BYTES/);
  });

  it('refuses a DEM beyond TERRAIN_MAX_CELLS with 413', async () => {
    const wide = demAround(32649, TAKEOFF, 480, 30, () => 40);
    expect(wide.length).toBeLessThan(1_500_000);
    const reply = await uploadDem(admin, 'wide.tif', wide);
    expect(reply.status).toBe(413);
    expect(reply.body.error.message).toMatch(/230400 cells, more than TERRAIN_MAX_CELLS/);
  });

  it('refuses an upload by a pilot (admins only) and an anonymous listing', async () => {
    const reply = await uploadDem(
      pilot,
      'dem.tif',
      fs.readFileSync(path.join(TERRAIN_FIXTURES, 'pysheds-dem.tif')),
    );
    expect(reply.status).toBe(403);
    expect((await (await app.client()).get('/api/terrain')).status).toBe(401);
  });

  it('stored nothing for any of them', async () => {
    expect(await countRows('terrain_dems')).toBe(0);
    expect(terrainFiles()).toEqual([]);
  });
});

describe('a real DEM (pysheds / HydroSHEDS, EPSG:4326)', () => {
  it('is stored, listed with extent, resolution, CRS and size, and audited; the same file twice is a 409', async () => {
    const bytes = fs.readFileSync(path.join(TERRAIN_FIXTURES, 'pysheds-dem.tif'));
    const reply = await uploadDem(admin, 'pysheds-dem.tif', bytes);
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      name: 'pysheds-dem.tif',
      crsEpsg: 4326,
      crsName: 'WGS 84',
      widthPx: 367,
      heightPx: 359,
      noData: -32768,
    });
    expect(Number(reply.body.sizeBytes)).toBe(bytes.length);
    expect(reply.body.resolutionM).toBeGreaterThan(91.5);
    expect(reply.body.resolutionM).toBeLessThan(93);
    const c = 0.0008333333333333;
    const expectedBbox = [
      -97.4849999999961,
      32.82166666666536 - 359 * c,
      -97.4849999999961 + 367 * c,
      32.82166666666536,
    ];
    (reply.body.bboxWgs84 as number[]).forEach((v, i) => expect(v).toBeCloseTo(expectedBbox[i]!, 9));

    const listed = await analyst.get('/api/terrain');
    expect(listed.status).toBe(200);
    expect(listed.body.map((d: { id: number }) => d.id)).toContain(reply.body.id);
    const audit = await app.db.query(
      `select actor_name, action from audit_log where entity = 'terrain_dem' and entity_id = $1`,
      [String(reply.body.id)],
    );
    expect(audit.rows).toEqual([{ actor_name: 'admin', action: 'upload' }]);

    const again = await uploadDem(admin, 'copy.tif', bytes);
    expect(again.status).toBe(409);
    expect(await countRows('terrain_dems')).toBe(1);
    expect(terrainFiles()).toHaveLength(1);
  });
});

describe('photos over the terrain', () => {
  let areaId: number;
  let flightId: number;
  let imageIds: number[];
  const photoPositions = [
    { lon: 110.4199983, lat: 19.8200017 },
    { lon: 110.4207628, lat: 19.820002 },
    { lon: 110.4215258, lat: 19.8200006 },
  ];
  const images = async () =>
    Promise.all(imageIds.map(async (id) => (await pilot.get(`/api/images/${id}`)).body));
  let flatGsdCm: number;

  beforeAll(async () => {
    areaId = await createArea(pilot, 'Terrain area');
    flightId = await uploadDemoFlight(pilot, areaId);
  }, 180_000);

  it('a DEM that does not cover the photos: they fall back to the take-off height and say so', async () => {
    // A DEM over Dongfang only (the demo's hills), 150 km from Haikou.
    const dongfang = demAround(32649, { lon: 108.75, lat: 19.1 }, 60, 30, () => 200);
    expect((await uploadDem(admin, 'dongfang.tif', dongfang)).status).toBe(201);
    const upload = await uploadImages(
      pilot,
      flightId,
      [1, 2, 3].map((n) => ({ name: `DJI_000${n}.JPG`, content: demoPhoto(n) })),
    );
    expect(upload.status).toBe(202);
    imageIds = upload.body.accepted.map((a: { id: number }) => a.id);
    await waitForSurveyWork(app, flightId, 240_000);
    for (const image of await images()) {
      expect(image).toMatchObject({
        status: 'done',
        heightSource: 'takeoff',
        terrainFallback: 'dem_not_covering',
        groundElevationM: null,
      });
      expect(image.heightAboveGroundM).toBe(RELATIVE_ALTITUDE_M);
    }
    flatGsdCm = (await images())[0].gsdCm;
  }, 300_000);

  it('a DEM in UTM 49N under them, then reprocessing: ground from the DEM, height from a trustworthy AbsoluteAltitude', async () => {
    // z = 38 + 0.1·(x − x_takeoff): the take-off's ground is 38 m, as its GPX says, so
    // AbsoluteAltitude 138 m agrees with take-off + RelativeAltitude (138 m).
    const [xTakeoff] = project(32649, TAKEOFF);
    const dem = demAround(32649, TAKEOFF, 100, 30, (x) => 38 + 0.1 * (x - xTakeoff));
    const stored = await uploadDem(admin, 'haikou-utm49.tif', dem);
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({ crsEpsg: 32649, resolutionM: 30 });

    const reprocess = await pilot.post(`/api/areas/${areaId}/reprocess`);
    expect(reprocess.status).toBe(202);
    expect(reprocess.body).toEqual({ areaId, queued: 3 });
    await waitUntil(
      async () => (await images()).every((i) => i.heightSource === 'dem'),
      'heights from the UTM DEM',
    );

    const found = await images();
    found.forEach((image, i) => {
      const groundM = 38 + 0.1 * (project(32649, photoPositions[i]!)[0] - xTakeoff);
      expect(image.groundElevationM).toBeCloseTo(groundM, 1);
      expect(image.terrainFallback).toBeNull();
      const heightM = ABSOLUTE_ALTITUDE_M - groundM;
      expect(Math.abs(image.heightAboveGroundM - heightM) / heightM).toBeLessThan(0.01);
      // Nadir: GSD scales with the height (flat: 100 m).
      expect(Math.abs(image.gsdCm - (flatGsdCm * heightM) / 100) / image.gsdCm).toBeLessThan(0.01);
    });
    // The second photo, 80 m east of the take-off, is 8 m closer to the ground.
    expect(found[1].heightAboveGroundM).toBeLessThan(found[0].heightAboveGroundM - 7);
  }, 300_000);

  it('a finer DEM in CGCS2000 Gauss-Krüger with a NoData hole: take-off heights, and the photo over the hole falls back', async () => {
    // z = 60 + 0.2·(y − y_takeoff): take-off ground 60 m, so take-off + RelativeAltitude = 160 m
    // and AbsoluteAltitude 138 m is 22 m off (not trusted): heights come from the take-off.
    const epsg = 4548; // CGCS2000 / 3-degree Gauss-Kruger CM 111E
    const [, yTakeoff] = project(epsg, TAKEOFF);
    const [xHole, yHole] = project(epsg, photoPositions[2]!);
    const dem = demAround(
      epsg,
      TAKEOFF,
      200,
      10,
      (x, y) => (Math.hypot(x - xHole, y - yHole) < 30 ? -9999 : 60 + 0.2 * (y - yTakeoff)),
      -9999,
    );
    expect((await uploadDem(admin, 'haikou-cgcs2000.tif', dem)).status).toBe(201);
    expect((await pilot.post(`/api/areas/${areaId}/reprocess`)).status).toBe(202);
    await waitUntil(
      async () => (await images()).every((i) => i.heightSource === 'takeoff'),
      'heights from the take-off over the CGCS2000 DEM',
    );
    const [first, second, overHole] = await images();
    for (const [i, image] of [first, second].entries()) {
      const groundM = 60 + 0.2 * (project(epsg, photoPositions[i]!)[1] - yTakeoff);
      expect(image.groundElevationM).toBeCloseTo(groundM, 1);
      const heightM = 60 + RELATIVE_ALTITUDE_M - groundM;
      expect(Math.abs(image.heightAboveGroundM - heightM) / heightM).toBeLessThan(0.01);
      expect(image.terrainFallback).toBeNull();
    }
    expect(overHole).toMatchObject({
      heightSource: 'takeoff',
      terrainFallback: 'dem_nodata',
      groundElevationM: null,
    });
    expect(overHole.heightAboveGroundM).toBe(RELATIVE_ALTITUDE_M);
    expect(overHole.gsdCm).toBeCloseTo(flatGsdCm, 6);
  }, 300_000);
});
