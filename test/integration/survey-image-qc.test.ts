import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';
import {
  createArea,
  demoPhoto,
  readFixture,
  uploadDemoFlight,
  uploadFlight,
  uploadImages,
  waitForSurveyWork,
} from './survey-helpers';

// One demo flight (Phantom 4 RTK over Haikou, 2025-03-10 01:30-01:37 UTC) with real and edited
// photos: a demo photo and its copy taken 2 s later at the same spot (hovering), a demo photo
// darkened to 10 % (underexposed), one whose XMP gimbal pitch says +200°, and the real Zenmuse
// XT2 photo of exifr's fork (XMP in Exif tag 0x02BC, taken in Spain in 2019).
let app: TestApp;
let pilot: TestClient;
let areaId: number;
let flightId: number;
let flightWithoutCameraId: number;

/** The bytes with every occurrence of `from` replaced by `to` (same length: no offsets move). */
function replaceBytes(photo: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error('replacement must keep the length');
  const edited = Buffer.from(photo);
  let at = edited.indexOf(from, 0, 'latin1');
  if (at < 0) throw new Error(`${from} not in photo`);
  while (at >= 0) {
    edited.write(to, at, 'latin1');
    at = edited.indexOf(from, at + 1, 'latin1');
  }
  return edited;
}

beforeAll(async () => {
  app = await startTestApp({ mode: 'all' });
  pilot = await app.client('pilot');
  areaId = await createArea(pilot, 'Image QC area');
  flightId = await uploadDemoFlight(pilot, areaId);
  const upload = await uploadImages(pilot, flightId, [
    { name: 'DJI_0002.JPG', content: demoPhoto(2) },
    // The same shot 2 s later (DateTimeOriginal 09:30:53 → 09:30:55): the drone hovered.
    {
      name: 'DJI_0002_again.JPG',
      content: replaceBytes(demoPhoto(2), '2025:03:10 09:30:53', '2025:03:10 09:30:55'),
    },
    {
      name: 'DJI_0004_dark.JPG',
      content: await sharp(demoPhoto(4)).linear(0.1, 0).keepMetadata().jpeg({ quality: 90 }).toBuffer(),
    },
    {
      name: 'DJI_0005_pitch200.JPG',
      content: replaceBytes(demoPhoto(5), 'GimbalPitchDegree="-90.00"', 'GimbalPitchDegree="+200.0"'),
    },
    { name: 'DJI_XT2.jpg', content: readFixture('dji-zenmuse-xt2.jpg') },
  ]);
  if (upload.status !== 202) throw new Error(JSON.stringify(upload.body));
  await waitForSurveyWork(app, flightId, 120_000);
  // A second flight whose pilot named no camera (the same log with a comment added, so that it
  // is a new file), with the XT2 photo again.
  const flight = await uploadFlight(
    pilot,
    { areaId: String(areaId), team: '海口市禁毒支队无人机航测队', pilot: '王磊' },
    {
      name: 'no-camera.gpx',
      content: `${readFixture('demo-flight/haikou-2025-flight-1.gpx').toString('utf8')}<!-- no camera -->\n`,
    },
  );
  if (flight.status !== 201) throw new Error(JSON.stringify(flight.body));
  flightWithoutCameraId = flight.body.id as number;
  const again = await uploadImages(pilot, flightWithoutCameraId, [
    { name: 'DJI_XT2.jpg', content: readFixture('dji-zenmuse-xt2.jpg') },
  ]);
  if (again.status !== 202) throw new Error(JSON.stringify(again.body));
  await waitForSurveyWork(app, flightWithoutCameraId, 120_000);
}, 240_000);
afterAll(() => app?.close());

async function image(name: string, inFlight = flightId) {
  const { rows } = await app.db.query<{ id: number }>(
    `select id from images where flight_id = $1 and original_name = $2`,
    [inFlight, name],
  );
  const reply = await pilot.get(`/api/images/${rows[0]!.id}`);
  expect(reply.status).toBe(200);
  return reply.body;
}

describe('a real Zenmuse XT2 photo (XMP in Exif tag 0x02BC)', () => {
  it('gets the height, gimbal pitch, footprint and GSD that exifr asserts for its XMP, with the XT2 recognised from EXIF', async () => {
    const xt2 = await image('DJI_XT2.jpg');
    expect(xt2).toMatchObject({
      status: 'done',
      cameraModel: 'zenmuse-xt2-visible',
      rtkFlag: 0,
      positionSource: 'exif',
      gimbalRollDeg: 0,
    });
    expect(xt2.sharpnessLaplacianVar).toBeGreaterThan(100);
    expect(xt2.meanLuma).toBeGreaterThan(40);
    expect(xt2.sunElevationDeg).toBeGreaterThan(10);
    expect(xt2.heightAboveGroundM).toBeCloseTo(34.400002, 6);
    expect(xt2.gimbalPitchDeg).toBeCloseTo(-89.900002, 6);
    expect(xt2.gimbalYawDeg).toBeCloseTo(89.300003, 6);
    expect(xt2.position[0]).toBeCloseTo(-2.822976112444444, 9);
    expect(xt2.position[1]).toBeCloseTo(39.91763687133333, 9);
    expect(xt2.footprint?.type).toBe('Polygon');
    // GSD = sensor width × height / (focal length × image width) = 7.6 mm × 34.4 m / (8 mm × 4000 px).
    expect(xt2.gsdCm).toBeCloseTo(((7.6 * 34.400002) / (8 * 4000)) * 100, 2);
    expect(xt2.qcFlags).not.toContain('no_height');
    expect(xt2.qcFlags).not.toContain('gimbal_missing');
    // Taken in 2019 in Spain, uploaded into a 2025 Hainan flight: kept out of coverage, and says why.
    expect(xt2.qcFlags).toEqual(expect.arrayContaining(['outside_region', 'before_takeoff']));
    expect(xt2.coverageExcluded).toBe(true);
    expect(xt2.coverageExclusionReasons).toEqual(['before_takeoff']);
    const stored = await app.db.query(
      `select position_source, gimbal_roll_deg, flight_pitch_deg, flight_roll_deg, sun_elevation_deg
       from images where original_name = 'DJI_XT2.jpg' and flight_id = $1`,
      [flightId],
    );
    expect(stored.rows[0]).toMatchObject({
      position_source: 'exif',
      gimbal_roll_deg: 0,
      flight_pitch_deg: -2.4,
      flight_roll_deg: -6.5,
    });
  });
});

describe('a flight whose pilot named no camera', () => {
  it('recognises the camera of each photo from its EXIF Model', async () => {
    const xt2 = await image('DJI_XT2.jpg', flightWithoutCameraId);
    expect(xt2).toMatchObject({ status: 'done', cameraModel: 'zenmuse-xt2-visible' });
    expect(xt2.gsdCm).toBeCloseTo(((7.6 * 34.400002) / (8 * 4000)) * 100, 2);
    // The same bytes were already uploaded in this area.
    expect(xt2.coverageExclusionReasons).toEqual(['before_takeoff', 'duplicate']);
  });
});

describe('image QC', () => {
  it('refuses a photo whose XMP gimbal pitch is +200°: failed with the reason and the flag, nothing else stored', async () => {
    const refused = await image('DJI_0005_pitch200.JPG');
    expect(refused).toMatchObject({
      status: 'failed',
      error: 'DJI_0005_pitch200.JPG: metadata out of range: GimbalPitchDegree +200° is outside −180…180°',
      qcFlags: ['angle_out_of_range'],
      coverageExcluded: true,
      footprint: null,
      position: null,
      gimbalPitchDeg: null,
    });
  });

  it('flags the later of two shots of the same spot as a hovering duplicate and keeps it out of coverage', async () => {
    const first = await image('DJI_0002.JPG');
    const again = await image('DJI_0002_again.JPG');
    expect(first).toMatchObject({ status: 'done', coverageExcluded: false, coverageExclusionReasons: [] });
    expect(first.qcFlags).toEqual([]);
    expect(again).toMatchObject({
      status: 'done',
      qcFlags: ['hovering_duplicate'],
      coverageExcluded: true,
      coverageExclusionReasons: ['hovering_duplicate'],
    });
    expect(again.footprint?.type).toBe('Polygon');
  });

  it('flags a photo darkened to 10 % as underexposed, visible but out of coverage', async () => {
    const dark = await image('DJI_0004_dark.JPG');
    expect(dark.status).toBe('done');
    expect(dark.qcFlags).toContain('underexposed');
    expect(dark.footprint?.type).toBe('Polygon');
    expect(dark.coverageExcluded).toBe(true);
  });

  it("leaves the excluded photos' own ground out of the area's coverage", async () => {
    // The ground the darkened photo shows and no accepted photo does (it is 150 × 100 m, off
    // the accepted photo's footprint): none of it may be in the coverage grid's covered parts.
    const { rows } = await app.db.query<{ onlyDarkKm2: number; coveredThereKm2: number }>(
      `with accepted as (
         select st_union(footprint) as u from images
         where flight_id = $2 and footprint is not null and not coverage_excluded),
       dark as (
         select st_difference(i.footprint, accepted.u) as g from images i, accepted
         where i.flight_id = $2 and i.original_name = 'DJI_0004_dark.JPG')
       select st_area(dark.g::geography) / 1e6 as "onlyDarkKm2",
              coalesce(st_area(st_intersection(st_union(c.covered), dark.g)::geography), 0) / 1e6 as "coveredThereKm2"
       from dark cross join coverage_cells c where c.area_id = $1 and c.covered is not null group by dark.g`,
      [areaId, flightId],
    );
    expect(rows[0]!.onlyDarkKm2).toBeGreaterThan(0.01);
    expect(rows[0]!.coveredThereKm2).toBeLessThan(1e-9);
  });

  it('says on the area how many photos were kept out of coverage, and why', async () => {
    const area = await pilot.get(`/api/areas/${areaId}`);
    expect(area.status).toBe(200);
    expect(area.body.coverageExclusions.excludedPhotos).toBe(5);
    expect(area.body.coverageExclusions.byReason).toMatchObject({
      hovering_duplicate: 1,
      underexposed: 1,
      angle_out_of_range: 1,
      before_takeoff: 2,
      duplicate: 1,
    });
  });
});
