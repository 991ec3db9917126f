import { describe, expect, it } from 'vitest';
import { distanceKm } from './distance-km';

describe('distanceKm', () => {
  it('gives 1/60 of a degree of latitude as one nautical mile (1.852 km)', () => {
    expect(distanceKm([110.3, 20], [110.3, 20 + 1 / 60])).toBeCloseTo(1.853, 2);
  });

  it('gives Haikou–Sanya (city centres) about 218 km apart', () => {
    // Haikou 110.33°E 20.03°N, Sanya 109.51°E 18.25°N: great circle ≈ 215-220 km.
    expect(distanceKm([110.33, 20.03], [109.51, 18.25])).toBeGreaterThan(210);
    expect(distanceKm([110.33, 20.03], [109.51, 18.25])).toBeLessThan(222);
  });

  it('is zero for the same point', () => {
    expect(distanceKm([109, 19], [109, 19])).toBe(0);
  });
});
