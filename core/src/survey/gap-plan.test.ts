import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { orderGaps, type CoverageGap } from './gap-plan';

const square = (lon: number, lat: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + 0.001, lat],
      [lon + 0.001, lat + 0.001],
      [lon, lat + 0.001],
      [lon, lat],
    ],
  ],
});
const gap = (lon: number, lat: number, areaM2: number): CoverageGap => ({
  geometry: square(lon, lat),
  areaM2,
  centroid: [lon, lat],
});

describe('ordering gaps for the next flights', () => {
  const gaps = [gap(108.9, 19.1, 5000), gap(108.71, 19.1, 200_000), gap(108.8, 19.1, 90_000)];

  it('tours from the start to the nearest gap each time', () => {
    const planned = orderGaps(gaps, [108.7, 19.1], 'tour');
    expect(planned.map((g) => g.centroid[0])).toEqual([108.71, 108.8, 108.9]);
    expect(planned.map((g) => g.rank)).toEqual([1, 2, 3]);
    // 0.01° of longitude at 19.1° N on WGS84 ≈ 1052.3 m.
    expect(planned[0]!.distanceFromPreviousM).toBeCloseTo(1052.3, 0);
  });

  it('puts the largest gap first when asked', () => {
    const planned = orderGaps(gaps, [108.95, 19.1], 'largest');
    expect(planned.map((g) => g.areaM2)).toEqual([200_000, 90_000, 5000]);
  });
});
