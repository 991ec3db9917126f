import geographiclib from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import { projectToLocalPlane } from './local-metric-projection';

function geodesicM(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  return geographiclib.Geodesic.WGS84.Inverse(a.lat, a.lon, b.lat, b.lon).s12!;
}

function planarM(a: { xM: number; yM: number }, b: { xM: number; yM: number }): number {
  return Math.hypot(a.xM - b.xM, a.yM - b.yM);
}

describe('projectToLocalPlane', () => {
  it('centres the plane on the centroid', () => {
    const plane = projectToLocalPlane([
      { lon: 110.2, lat: 19.9 },
      { lon: 110.4, lat: 20.1 },
    ]);
    expect(plane.originLon).toBeCloseTo(110.3, 12);
    expect(plane.originLat).toBeCloseTo(20.0, 12);
    expect(plane.points[0]!.xM).toBeCloseTo(-plane.points[1]!.xM, 6);
  });

  it('keeps distances within 0.05 % of the geodesic across a city (Haikou, ±10 km)', () => {
    const sites = [
      { lon: 110.2, lat: 19.95 },
      { lon: 110.35, lat: 20.05 },
      { lon: 110.4, lat: 19.98 },
      { lon: 110.25, lat: 20.08 },
    ];
    const { points } = projectToLocalPlane(sites);
    for (let i = 0; i < sites.length; i++) {
      for (let j = i + 1; j < sites.length; j++) {
        const truth = geodesicM(sites[i]!, sites[j]!);
        expect(Math.abs(planarM(points[i]!, points[j]!) - truth) / truth).toBeLessThan(5e-4);
      }
    }
  });

  it('measures Haikou-Sanya (215 km) to within 1e-4 of the geodesic', () => {
    const haikou = { lon: 110.33, lat: 20.03 };
    const sanya = { lon: 109.51, lat: 18.25 };
    const { points } = projectToLocalPlane([haikou, sanya]);
    const truth = geodesicM(haikou, sanya); // 215,090.58 m
    expect(Math.abs(planarM(points[0]!, points[1]!) - truth) / truth).toBeLessThan(1e-4);
  });

  it('drifts east-west by about tan φ0·Δφ far from the origin latitude, as documented', () => {
    // two sites 0.1° apart in longitude at 18.25° N on a plane centred at 20.03° N
    const a = { lon: 109.5, lat: 18.25 };
    const b = { lon: 109.6, lat: 18.25 };
    const { points } = projectToLocalPlane([a, b], { lon: 110, lat: 20.03 });
    const relativeError = planarM(points[0]!, points[1]!) / geodesicM(a, b) - 1;
    expect(relativeError).toBeCloseTo(
      Math.cos(20.03 * (Math.PI / 180)) / Math.cos(18.25 * (Math.PI / 180)) - 1,
      3,
    );
    expect(relativeError).toBeLessThan(-0.01);
  });

  it('rejects latitudes outside ±90°', () => {
    expect(() => projectToLocalPlane([{ lon: 110, lat: 95 }])).toThrow(/lon\/lat/);
  });
});
