import { describe, expect, it } from 'vitest';
import { buildNeighbours, type SpatialNeighbours } from './spatial-neighbours';

function neighboursOf(weights: SpatialNeighbours, i: number): number[] {
  return Array.from(weights.indices.subarray(weights.offsets[i]!, weights.offsets[i + 1]!));
}

const points = [
  { xM: 0, yM: 0 },
  { xM: 3, yM: 4 }, // 5 m from 0
  { xM: 10, yM: 0 },
  { xM: 0, yM: 0 }, // coincident with 0
];

describe('buildNeighbours', () => {
  it('includes a pair exactly at the band distance and coincident sites, never the site itself', () => {
    const band = buildNeighbours(points, { kind: 'distance_band', thresholdM: 5 });
    expect(neighboursOf(band, 0)).toEqual([1, 3]);
    expect(neighboursOf(band, 1)).toEqual([0, 3]);
    expect(neighboursOf(band, 2)).toEqual([]);
  });

  it('keeps a pair whose computed distance rounds just above the threshold', () => {
    // 0.1 + 0.2 = 0.30000000000000004 in binary
    const band = buildNeighbours(
      [
        { xM: 0.1, yM: 0 },
        { xM: 0.1 + 0.2, yM: 0 },
      ],
      { kind: 'distance_band', thresholdM: 0.2 },
    );
    expect(neighboursOf(band, 0)).toEqual([1]);
  });

  it('takes the k nearest with ties broken by index, asymmetric', () => {
    const knn = buildNeighbours(points, { kind: 'k_nearest', k: 1 });
    expect(neighboursOf(knn, 0)).toEqual([3]);
    expect(neighboursOf(knn, 2)).toEqual([1]); // d(2,1) = √65 < 10
    expect(neighboursOf(knn, 1)).toEqual([0]); // 0 and 3 tie at 5 m: lower index
  });

  it('rejects a negative band, k < 1 and non-finite coordinates', () => {
    expect(() => buildNeighbours(points, { kind: 'distance_band', thresholdM: -1 })).toThrow(/distance band/);
    expect(() => buildNeighbours(points, { kind: 'k_nearest', k: 0 })).toThrow(/k must/);
    expect(() => buildNeighbours([{ xM: Number.NaN, yM: 0 }], { kind: 'k_nearest', k: 1 })).toThrow(/finite/);
  });
});
