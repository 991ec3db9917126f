import fs from 'node:fs';
import path from 'node:path';
import exifr from 'exifr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@skywater/core/log/logger';
import { SAMPLES_DATA_DIR } from '../../server/src/demo/load-demo';
import { loadDemoTerrain } from '../../server/src/survey/terrain-demo';
import { dongfangHillsElevationM } from '../../samples/generate/terrain/dongfang-dem';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';
import { createArea, rectangle, uploadFlight, uploadImages, waitForSurveyWork } from './survey-helpers';

const FLIGHT_DIR = path.join(SAMPLES_DATA_DIR, 'survey/dongfang-2025-flight-1');
const PHOTOS = ['DJI_0001.JPG', 'DJI_0004.JPG', 'DJI_0011.JPG', 'DJI_0020.JPG'];

let app: TestApp;
let pilot: TestClient;

beforeAll(async () => {
  app = await startTestApp({ mode: 'all' });
  pilot = await app.client('pilot');
}, 300_000);
afterAll(() => app?.close());

describe("the demo's synthetic DEM of Dongfang's hills", () => {
  it('is loaded once by the demo loader and listed (EPSG:4326, 3″ cells over the Dongfang area)', async () => {
    const log = createLogger('silent');
    await loadDemoTerrain(app.db, log, app.config.dataDir, path.join(SAMPLES_DATA_DIR, 'terrain'));
    await loadDemoTerrain(app.db, log, app.config.dataDir, path.join(SAMPLES_DATA_DIR, 'terrain'));
    const listed = (await pilot.get('/api/terrain')).body as {
      name: string;
      crsEpsg: number;
      resolutionM: number;
      bboxWgs84: number[];
    }[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ name: 'dongfang-dem.tif', crsEpsg: 4326 });
    expect(listed[0]!.resolutionM).toBeGreaterThan(88);
    expect(listed[0]!.resolutionM).toBeLessThan(94);
    // The demo area spans 108.773-109.123° E, 18.805-19.225° N.
    const [west, south, east, north] = listed[0]!.bboxWgs84;
    expect(west).toBeLessThan(108.773);
    expect(south).toBeLessThan(18.805);
    expect(east).toBeGreaterThan(109.123);
    expect(north).toBeGreaterThan(19.225);
  });

  it("places the first Dongfang flight's photos over the hills: height = AbsoluteAltitude − ground", async () => {
    const areaId = await createArea(pilot, 'Dongfang hills', rectangle(108.94, 19.0, 108.96, 19.03));
    const flight = await uploadFlight(
      pilot,
      { areaId: String(areaId), cameraModel: 'phantom-4-rtk', team: '东方市禁毒大队航测组', pilot: '符海峰' },
      {
        name: 'dongfang-2025-flight-1.gpx',
        content: fs.readFileSync(path.join(FLIGHT_DIR, 'dongfang-2025-flight-1.gpx')),
      },
    );
    expect(flight.status).toBe(201);
    const files = PHOTOS.map((name) => ({ name, content: fs.readFileSync(path.join(FLIGHT_DIR, name)) }));
    const upload = await uploadImages(pilot, flight.body.id, files);
    expect(upload.status).toBe(202);
    await waitForSurveyWork(app, flight.body.id, 240_000);

    const heights: number[] = [];
    for (const [i, accepted] of (upload.body.accepted as { id: number }[]).entries()) {
      const image = (await pilot.get(`/api/images/${accepted.id}`)).body;
      const xmp = await exifr.parse(files[i]!.content, { xmp: true, gps: true });
      const groundM = dongfangHillsElevationM(xmp.longitude, xmp.latitude);
      expect(image.heightSource, files[i]!.name).toBe('dem');
      expect(image.terrainFallback).toBeNull();
      // Whole metres in the file, bilinear between 90 m cells: within a metre of the formula.
      expect(Math.abs(image.groundElevationM - groundM)).toBeLessThan(1);
      const heightM = xmp.AbsoluteAltitude - groundM;
      expect(Math.abs(image.heightAboveGroundM - heightM)).toBeLessThan(1);
      heights.push(image.heightAboveGroundM);
    }
    // The hills make the heights differ from the 100 m above take-off the photos say.
    expect(Math.min(...heights)).toBeLessThan(95);
  }, 300_000);
});
