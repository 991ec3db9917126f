import { describe, expect, it } from 'vitest';
import { gcj02ToWgs84, isOutsideChina, wgs84ToGcj02 } from './gcj02';
import { lonLatToOffset } from './local-tangent-plane';

describe('GCJ-02', () => {
  it('matches the published pair of wandergis/coordtransform (README): Tiananmen 116.404, 39.915', () => {
    // wgs84togcj02(116.404, 39.915) → [116.41024449916938, 39.91640428150164]
    const [lon, lat] = wgs84ToGcj02(116.404, 39.915);
    expect(lon).toBeCloseTo(116.41024449916938, 12);
    expect(lat).toBeCloseTo(39.91640428150164, 12);
  });

  it('inverts exactly by iteration, within 1e-9° of the original point', () => {
    for (const [lon, lat] of [
      [116.404, 39.915],
      [110.3312, 20.0311], // Haikou
      [108.6536, 19.096], // Dongfang
    ] as [number, number][]) {
      const [backLon, backLat] = gcj02ToWgs84(...wgs84ToGcj02(lon, lat));
      expect(Math.abs(backLon - lon)).toBeLessThan(1e-9);
      expect(Math.abs(backLat - lat)).toBeLessThan(1e-9);
    }
  });

  it('agrees within a metre with coordtransform’s one-step inverse (its README: → 116.39775550083061, 39.91359571849836)', () => {
    const [lon, lat] = gcj02ToWgs84(116.404, 39.915);
    const { eastM, northM } = lonLatToOffset({ lon: 116.39775550083061, lat: 39.91359571849836 }, lon, lat);
    expect(Math.hypot(eastM, northM)).toBeLessThan(1);
  });

  it('shifts a Haikou point by a few hundred metres, as Chinese web maps do', () => {
    const [lon, lat] = wgs84ToGcj02(110.3, 20.0);
    const { eastM, northM } = lonLatToOffset({ lon: 110.3, lat: 20.0 }, lon, lat);
    expect(Math.hypot(eastM, northM)).toBeGreaterThan(100);
    expect(Math.hypot(eastM, northM)).toBeLessThan(700);
  });

  it('leaves points outside China unchanged', () => {
    expect(isOutsideChina(4.6787, 50.859)).toBe(true);
    expect(wgs84ToGcj02(4.6787, 50.859)).toEqual([4.6787, 50.859]);
    expect(gcj02ToWgs84(4.6787, 50.859)).toEqual([4.6787, 50.859]);
  });
});
