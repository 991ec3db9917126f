import { describe, expect, it } from 'vitest';
import { findingPoint } from './finding-point';

describe('findingPoint', () => {
  it('returns a point as is', () => {
    expect(findingPoint({ type: 'Point', coordinates: [108.9, 19.1] })).toEqual([108.9, 19.1]);
  });

  it('averages a square plot’s corners, counting the closing vertex once', () => {
    const ring = [
      [109, 19],
      [109.002, 19],
      [109.002, 19.002],
      [109, 19.002],
      [109, 19],
    ];
    const [lon, lat] = findingPoint({ type: 'Polygon', coordinates: [ring] })!;
    expect(lon).toBeCloseTo(109.001, 9);
    expect(lat).toBeCloseTo(19.001, 9);
  });

  it('is null for an empty geometry', () => {
    expect(findingPoint({ type: 'Polygon', coordinates: [] })).toBeNull();
  });
});
