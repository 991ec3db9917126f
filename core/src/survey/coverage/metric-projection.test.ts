import { describe, expect, it } from 'vitest';
import { metricSridFor } from './metric-projection';

describe('metricSridFor', () => {
  it('gives the UTM zone of places across China', () => {
    expect(metricSridFor(108.75, 19.15)).toBe(32649); // Dongfang
    expect(metricSridFor(110.33, 20.03)).toBe(32649); // Haikou
    expect(metricSridFor(75.99, 39.47)).toBe(32643); // Kashgar
    expect(metricSridFor(87.6, 43.8)).toBe(32645); // Ürümqi
    expect(metricSridFor(126.63, 45.75)).toBe(32652); // Harbin
  });
  it('puts zone edges in the eastern zone and handles the south and the antimeridian', () => {
    expect(metricSridFor(108, 20)).toBe(32649);
    expect(metricSridFor(151.2, -33.9)).toBe(32756); // Sydney
    expect(metricSridFor(180, 10)).toBe(32601);
    expect(metricSridFor(-180, 10)).toBe(32601);
  });
  it('refuses a position that is not one', () => {
    expect(() => metricSridFor(Number.NaN, 0)).toThrow(RangeError);
    expect(() => metricSridFor(0, 91)).toThrow(RangeError);
  });
});
