import { describe, expect, it } from 'vitest';
import { CAMERA_MODELS } from '../cameras';
import { lonLatToOffset } from '../local-tangent-plane';
import { inMemoryDem, wgs84GridDem } from './in-memory-dem';
import { terrainUnderCamera, type PhotoOverTerrain } from './terrain-under-camera';

const phantom4Rtk = CAMERA_MODELS.find((c) => c.id === 'phantom-4-rtk')!;
// Dongfang's hills (the demo's survey area).
const origin = { lon: 108.75, lat: 19.1 };
/** 400 × 400 cells of 0.0002° (≈ 21 × 22 m): about 8.4 km a side around the origin. */
const grid = (elevationM: (e: number, n: number) => number, noData: number | null = null) => {
  const { georeference, values } = wgs84GridDem(origin, 400, 0.0002, elevationM, noData);
  return { dem: inMemoryDem(georeference, values), values, georeference };
};

const nadirPhoto = (overrides: Partial<PhotoOverTerrain> = {}): PhotoOverTerrain => ({
  camera: phantom4Rtk,
  lon: origin.lon,
  lat: origin.lat,
  gimbalPitchDeg: -90,
  gimbalYawDeg: 0,
  absoluteAltitudeM: 300,
  relativeAltitudeM: 190,
  takeoff: { lon: origin.lon - 0.001, lat: origin.lat },
  ...overrides,
});

const within1Percent = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * 0.01 + 1e-9);

describe('a tilted plane rising 1 m in 10 eastwards (z = 100 + 0.1·east)', () => {
  // By hand. Ground under the camera: 100 m; AbsoluteAltitude 300 m → height 200 m.
  // Take-off 0.001° west (≈ −105.2 m east): ground 89.48 m, + RelativeAltitude 190 = 279.5 m,
  // 20.5 m from 300 (> 15 m): so make the take-off agree in the first test (RelativeAltitude 210.5).
  // Phantom 4 RTK: half-width 13.2/2/8.8 = 0.75, half-height 8.8/2/8.8 = 0.5 at unit distance.
  // Nadir, yaw 0: corner ray (±0.75, ±0.5, −1)·t from (0, 0, 300) meets 100 + 0.1·east:
  //   west corners: 300 − t = 100 − 0.075·t → t = 200/0.925 = 216.216 → east −162.162, north ±108.108
  //   east corners: 300 − t = 100 + 0.075·t → t = 200/1.075 = 186.047 → east 139.535, north ±93.023
  // GSD from the centre's slant range 200 m: 100·200·13.2/(8.8·5472) = 5.4825 cm/px.
  const plane = grid((east) => 100 + 0.1 * east);

  it('uses a trustworthy AbsoluteAltitude: height, corners and GSD equal the hand-computed values within 1 %', async () => {
    const takeoffGround = 100 + 0.1 * lonLatToOffset(origin, origin.lon - 0.001, origin.lat).eastM;
    const result = await terrainUnderCamera(
      plane.dem,
      nadirPhoto({ relativeAltitudeM: 300 - takeoffGround }),
    );
    if (!result.ok) throw new Error(result.fallback);
    expect(result.heightSource).toBe('dem');
    within1Percent(result.groundElevationM, 100);
    within1Percent(result.footprint.heightAglM, 200);
    within1Percent(result.footprint.gsdCm!, 5.4825);
    const expected = [
      [-162.162, 108.108],
      [139.535, 93.023],
      [139.535, -93.023],
      [-162.162, -108.108],
    ];
    result.footprint.corners!.forEach(([lon, lat], i) => {
      const { eastM, northM } = lonLatToOffset(origin, lon, lat);
      within1Percent(eastM, expected[i]![0]!);
      within1Percent(northM, expected[i]![1]!);
    });
    result.footprint.cornerPointsM.forEach((corner) =>
      within1Percent(corner.elevationM, 100 + 0.1 * corner.eastM),
    );
  });

  it('refuses an AbsoluteAltitude that disagrees with take-off + RelativeAltitude, and uses the take-off', async () => {
    // Take-off ground 89.48 m + 190 m = 279.48 m; AbsoluteAltitude 300 m is 20.5 m off (> 15 m).
    const result = await terrainUnderCamera(plane.dem, nadirPhoto());
    if (!result.ok) throw new Error(result.fallback);
    expect(result.heightSource).toBe('takeoff');
    expect(result.absoluteRejected).toMatch(/disagrees/);
    within1Percent(result.footprint.heightAglM, 179.48);
    within1Percent(result.footprint.gsdCm!, (100 * 179.48 * 13.2) / (8.8 * 5472));
  });

  it("refuses a negative AbsoluteAltitude (the Zenmuse X3 oracle's −116.63 m) and uses the take-off", async () => {
    const result = await terrainUnderCamera(plane.dem, nadirPhoto({ absoluteAltitudeM: -116.63 }));
    if (!result.ok) throw new Error(result.fallback);
    expect(result.heightSource).toBe('takeoff');
    expect(result.absoluteRejected).toMatch(/above the DEM ground/);
  });
});

describe("the flight log's altitude when AbsoluteAltitude is not trustworthy", () => {
  const plane = grid((east) => 100 + 0.1 * east);

  it('uses the log altitude when it agrees with take-off + RelativeAltitude (279.48 m)', async () => {
    const result = await terrainUnderCamera(
      plane.dem,
      nadirPhoto({ absoluteAltitudeM: -116.63, logAltitudeM: 285 }),
    );
    if (!result.ok) throw new Error(result.fallback);
    expect(result.heightSource).toBe('log');
    within1Percent(result.footprint.heightAglM, 185);
  });

  it('falls back to the take-off when the log altitude disagrees too', async () => {
    const result = await terrainUnderCamera(
      plane.dem,
      nadirPhoto({ absoluteAltitudeM: null, logAltitudeM: 330 }),
    );
    if (!result.ok) throw new Error(result.fallback);
    expect(result.heightSource).toBe('takeoff');
    within1Percent(result.footprint.heightAglM, 179.48);
  });
});

describe('a step: ground at 100 m west of 50 m east, 150 m beyond', () => {
  const step = grid((east) => (east < 50 ? 100 : 150));

  it('lands the eastern corners on the upper step', async () => {
    // By hand: west corners as over flat ground at 200 m (t = 200 → east −150, north ±100);
    // east corners: 300 − t = 150 → t = 150 → east 112.5, north ±75 (past the step, which the
    // ray crosses at 233 m altitude).
    const result = await terrainUnderCamera(step.dem, nadirPhoto({ takeoff: null }));
    if (!result.ok) throw new Error(result.fallback);
    const corners = result.footprint.cornerPointsM;
    within1Percent(corners[0]!.eastM, -150);
    within1Percent(corners[0]!.northM, 100);
    within1Percent(corners[1]!.eastM, 112.5);
    within1Percent(corners[1]!.northM, 75);
    within1Percent(corners[1]!.elevationM, 150);
    within1Percent(corners[3]!.eastM, -150);
  });
});

describe('where the terrain cannot help, the photo falls back and says so', () => {
  const flat = grid(() => 120);

  it('a photo beyond the DEM edge: dem_not_covering', async () => {
    const result = await terrainUnderCamera(flat.dem, nadirPhoto({ lon: origin.lon + 0.1 }));
    expect(result).toEqual({ ok: false, fallback: 'dem_not_covering', groundElevationM: null });
  });

  it('a photo whose footprint runs over the DEM edge: dem_not_covering', async () => {
    // The grid ends 0.04° (≈ 4.2 km) east of the origin; the camera 60 m inside it.
    const edgeLon = origin.lon + 200 * 0.0002;
    const result = await terrainUnderCamera(flat.dem, nadirPhoto({ lon: edgeLon - 0.0006 }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fallback).toBe('dem_not_covering');
  });

  it('a NoData hole under the camera: dem_nodata', async () => {
    const holes = grid((east, north) => (Math.hypot(east, north) < 40 ? -32768 : 120), -32768);
    const result = await terrainUnderCamera(holes.dem, nadirPhoto());
    expect(result).toEqual({ ok: false, fallback: 'dem_nodata', groundElevationM: null });
  });

  it('a NoData hole under a corner of the photo: dem_nodata, with the ground below the camera', async () => {
    const holes = grid((east, north) => (Math.hypot(east - 140, north - 90) < 30 ? Number.NaN : 120));
    const result = await terrainUnderCamera(holes.dem, nadirPhoto({ absoluteAltitudeM: 300, takeoff: null }));
    expect(result).toEqual({ ok: false, fallback: 'dem_nodata', groundElevationM: 120 });
  });

  it('no trustworthy AbsoluteAltitude and the take-off off the DEM: no_camera_altitude', async () => {
    const result = await terrainUnderCamera(
      flat.dem,
      nadirPhoto({ absoluteAltitudeM: null, takeoff: { lon: origin.lon + 1, lat: origin.lat } }),
    );
    expect(result).toEqual({ ok: false, fallback: 'no_camera_altitude', groundElevationM: 120 });
  });
});

describe('over flat ground the terrain footprint is the flat footprint', () => {
  it('an oblique photo (pitch −60°, yaw 30°) at 100 m over flat ground at 50 m', async () => {
    const { imageFootprint } = await import('../footprint');
    const flat = grid(() => 50);
    const pose = { gimbalPitchDeg: -60, gimbalYawDeg: 30 };
    const result = await terrainUnderCamera(
      flat.dem,
      nadirPhoto({ ...pose, absoluteAltitudeM: 150, takeoff: null, maxGsdCm: 10 }),
    );
    if (!result.ok) throw new Error(result.fallback);
    const flatFootprint = imageFootprint(phantom4Rtk, {
      lon: origin.lon,
      lat: origin.lat,
      heightAglM: 100,
      ...pose,
    });
    within1Percent(result.footprint.gsdCm!, flatFootprint.gsdCm!);
    const cornersM = result.footprint.cornerPointsM;
    for (const [i, expected] of flatFootprint.groundPointsM.entries()) {
      const nearest = Math.min(
        ...cornersM.map((c) => Math.hypot(c.eastM - expected.eastM, c.northM - expected.northM)),
      );
      expect(nearest, `corner ${i}`).toBeLessThan(1);
    }
  });
});
