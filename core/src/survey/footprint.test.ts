import geographiclib from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/app-error';
import { findCameraById, type CameraModel } from './cameras';
import {
  footprintGroundPointsM,
  groundSampleDistanceCm,
  imageFootprint,
  nadirFootprintSize,
} from './footprint';

const phantom4Rtk = findCameraById('phantom-4-rtk') as CameraModel;
const haikou = { lon: 110.3, lat: 20.0 };

function geodesicDistanceM(a: number[], b: number[]): number {
  return geographiclib.Geodesic.WGS84.Inverse(a[1]!, a[0]!, b[1]!, b[0]!).s12!;
}

describe('nadir footprint (docs/design.md §5 check values)', () => {
  it('gives 2.74 cm/px and 150 × 100 m for a Phantom 4 RTK at 100 m', () => {
    const size = nadirFootprintSize(phantom4Rtk, 100);
    expect(size.gsdCm).toBeCloseTo(2.74, 2);
    expect(size.widthM).toBeCloseTo(150, 6);
    expect(size.lengthM).toBeCloseTo(100, 6);
    expect(groundSampleDistanceCm(phantom4Rtk, 50)).toBeCloseTo(1.37, 2);
  });

  it('draws a 150 × 100 m rectangle in lon/lat whose sides measure within 1 % on the ellipsoid', () => {
    const footprint = imageFootprint(phantom4Rtk, {
      ...haikou,
      heightAglM: 100,
      gimbalPitchDeg: -90,
      gimbalYawDeg: 0,
    });
    const ring = footprint.polygon.coordinates[0]!;
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    const sides = [0, 1, 2, 3].map((i) => geodesicDistanceM(ring[i]!, ring[i + 1]!)).sort((a, b) => a - b);
    expect(sides[0]! / 100).toBeCloseTo(1, 2);
    expect(sides[1]! / 100).toBeCloseTo(1, 2);
    expect(sides[2]! / 150).toBeCloseTo(1, 2);
    expect(sides[3]! / 150).toBeCloseTo(1, 2);
    expect(Math.abs(sides[0]! - 100) / 100).toBeLessThan(0.01);
    expect(Math.abs(sides[3]! - 150) / 150).toBeLessThan(0.01);
    expect(footprint.gsdCm).toBeCloseTo(2.741, 3);
    expect(footprint.cut).toBe(false);
  });
});

describe('yaw', () => {
  it('lays the 150 m side east-west when the image top faces north', () => {
    const { points } = footprintGroundPointsM(phantom4Rtk, {
      ...haikou,
      heightAglM: 100,
      gimbalPitchDeg: -90,
      gimbalYawDeg: 0,
    });
    const eastSpan = Math.max(...points.map((p) => p.eastM)) - Math.min(...points.map((p) => p.eastM));
    const northSpan = Math.max(...points.map((p) => p.northM)) - Math.min(...points.map((p) => p.northM));
    expect(eastSpan).toBeCloseTo(150, 6);
    expect(northSpan).toBeCloseTo(100, 6);
    // top-left corner of the image is north-west
    expect(points[0]!.eastM).toBeCloseTo(-75, 6);
    expect(points[0]!.northM).toBeCloseTo(50, 6);
  });

  it('turns the 150 m side north-south at yaw 90°, the image top facing east', () => {
    const { points } = footprintGroundPointsM(phantom4Rtk, {
      ...haikou,
      heightAglM: 100,
      gimbalPitchDeg: -90,
      gimbalYawDeg: 90,
    });
    const eastSpan = Math.max(...points.map((p) => p.eastM)) - Math.min(...points.map((p) => p.eastM));
    const northSpan = Math.max(...points.map((p) => p.northM)) - Math.min(...points.map((p) => p.northM));
    expect(eastSpan).toBeCloseTo(100, 6);
    expect(northSpan).toBeCloseTo(150, 6);
    // top-left corner of the image is now north-east
    expect(points[0]!.eastM).toBeCloseTo(50, 6);
    expect(points[0]!.northM).toBeCloseTo(75, 6);
  });

  it('places an oblique footprint on the side the camera faces', () => {
    const east = footprintGroundPointsM(
      phantom4Rtk,
      { ...haikou, heightAglM: 100, gimbalPitchDeg: -45, gimbalYawDeg: 90 },
      { maxGsdCm: 50 },
    );
    expect(Math.min(...east.points.map((p) => p.eastM))).toBeCloseTo(100 / 3, 6);
    expect(Math.max(...east.points.map((p) => p.eastM))).toBeCloseTo(300, 6);
  });
});

describe('oblique footprint', () => {
  /*
   * Hand computation: Phantom 4 RTK, H = 100 m, pitch −45°, yaw 0 (facing north), no roll.
   * Image-plane half extents at unit focal distance: x = 6.6/8.8 = 0.75, y = 4.4/8.8 = 0.5.
   * Axes (east, north, up): forward = (0, cos45, −sin45) = (0, 0.70711, −0.70711),
   *   up = (0, sin45, cos45) = (0, 0.70711, 0.70711), right = (1, 0, 0).
   * Near corners (y = −0.5): d = (±0.75, 0.70711 − 0.35355, −0.70711 − 0.35355)
   *   = (±0.75, 0.35355, −1.06066); t = 100 / 1.06066 = 94.281
   *   → ground (±70.711, 33.333) m.
   * Far corners (y = +0.5): d = (±0.75, 1.06066, −0.35355); t = 100 / 0.35355 = 282.84
   *   → ground (±212.13, 300.00) m.
   * Check on the centre line: near edge depression 45 + atan(0.5) = 71.565° → 100/tan = 33.33 m,
   *   far edge 45 − 26.565 = 18.435° → 100/tan = 300 m.
   * Centre GSD: slant range 100/sin45 = 141.42 m → 2.7412 × 1.41421 = 3.8767 cm/px.
   */
  it('matches hand-computed corner positions at pitch −45°', () => {
    const { points, cut, gsdCm } = footprintGroundPointsM(
      phantom4Rtk,
      { ...haikou, heightAglM: 100, gimbalPitchDeg: -45, gimbalYawDeg: 0 },
      { maxGsdCm: 50 },
    );
    expect(cut).toBe(false);
    const expected = [
      [-212.132, 300],
      [212.132, 300],
      [70.711, 33.333],
      [-70.711, 33.333],
    ];
    points.forEach((p, i) => {
      expect(p.eastM).toBeCloseTo(expected[i]![0]!, 2);
      expect(p.northM).toBeCloseTo(expected[i]![1]!, 2);
    });
    expect(gsdCm).toBeCloseTo(3.8767, 3);
  });

  it('cuts rays above the horizon at the maximum ground distance', () => {
    // pitch −10°: the top edge looks 26.6 − 10 = 16.6° above the horizon
    const { points, cut, gsdCm } = footprintGroundPointsM(
      phantom4Rtk,
      { ...haikou, heightAglM: 100, gimbalPitchDeg: -10, gimbalYawDeg: 0 },
      { maxGroundDistanceM: 800, maxGsdCm: 1000 },
    );
    expect(cut).toBe(true);
    const distances = points.map((p) => Math.hypot(p.eastM, p.northM));
    expect(Math.max(...distances)).toBeCloseTo(800, 6);
    // near edge: depression 10 + 26.565 = 36.565° → 100 / tan = 134.9 m straight ahead
    expect(Math.min(...points.map((p) => p.northM))).toBeCloseTo(
      100 / Math.tan((36.5651 * Math.PI) / 180),
      1,
    );
    // centre ray 10° down: slant range 100 / sin 10° = 575.9 m → GSD 2.7412 × 5.759
    expect(gsdCm).toBeCloseTo(2.7412 * (1 / Math.sin((10 * Math.PI) / 180)), 2);
  });

  it('caps the footprint where the GSD exceeds the maximum', () => {
    // maxGsdCm 10 → slant range 100 × 10 / 2.7412 = 364.8 m → ground distance √(364.8² − 100²) = 350.8 m
    const { points, cut } = footprintGroundPointsM(phantom4Rtk, {
      ...haikou,
      heightAglM: 100,
      gimbalPitchDeg: -45,
      gimbalYawDeg: 0,
    });
    expect(cut).toBe(true);
    const farthest = Math.max(...points.map((p) => Math.hypot(p.eastM, p.northM)));
    expect(farthest).toBeCloseTo(350.83, 1);
  });

  it('returns no centre GSD when the camera looks at the horizon', () => {
    const footprint = imageFootprint(phantom4Rtk, {
      ...haikou,
      heightAglM: 100,
      gimbalPitchDeg: 0,
      gimbalYawDeg: 0,
    });
    expect(footprint.gsdCm).toBeNull();
    expect(footprint.cut).toBe(true);
  });

  it('swings a nadir footprint to the left (west when facing north) with a positive roll', () => {
    // roll 10° about the heading axis, right side down: the optical axis leans 10° to the
    // left, so the centre lands 100 × tan 10° = 17.6 m west of the point below the camera
    const { points } = footprintGroundPointsM(
      phantom4Rtk,
      { ...haikou, heightAglM: 100, gimbalPitchDeg: -90, gimbalYawDeg: 0, gimbalRollDeg: 10 },
      { maxGsdCm: 50 },
    );
    const westEdge = (points[0]!.eastM + points[3]!.eastM) / 2;
    const eastEdge = (points[1]!.eastM + points[2]!.eastM) / 2;
    // edges at 10° ± 36.87° from vertical: −100·tan 46.87° and 100·tan 26.87°
    expect(westEdge).toBeCloseTo(-100 * Math.tan((46.8699 * Math.PI) / 180), 1);
    expect(eastEdge).toBeCloseTo(100 * Math.tan((26.8699 * Math.PI) / 180), 1);
  });

  it('refuses a height that is not positive', () => {
    expect(() =>
      imageFootprint(phantom4Rtk, { ...haikou, heightAglM: -5, gimbalPitchDeg: -90, gimbalYawDeg: 0 }),
    ).toThrow(ValidationError);
  });
});
