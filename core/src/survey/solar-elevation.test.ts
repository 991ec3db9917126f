import { describe, expect, it } from 'vitest';
import { solarElevationDeg } from './solar-elevation';

describe('solarElevationDeg', () => {
  it("matches NREL's SPA worked example (Reda & Andreas 2004, NREL/TP-560-34302): zenith 50.11162°", () => {
    // 17 October 2003, 12:30:30 local time (UTC−7), Golden, Colorado; the published zenith is
    // topocentric and refracted (820 hPa, 11 °C): elevation 90 − 50.11162 = 39.88838°.
    const elevation = solarElevationDeg(new Date('2003-10-17T19:30:30Z'), 39.742476, -105.1786);
    expect(Math.abs(elevation - (90 - 50.11162))).toBeLessThan(0.05);
  });

  it('puts the sun overhead on the equator at the March equinox instant', () => {
    // USNO: equinox 2025-03-20 09:01 UTC; with the equation of time then about −7.4 min the
    // sun is overhead at 0°, 12:07.4 − 09:01 = 3 h 06.4 min × 15°/h = 46.6° E.
    expect(solarElevationDeg(new Date('2025-03-20T09:01:00Z'), 0, 46.6)).toBeGreaterThan(89.7);
  });

  it('puts the sun high at noon and below 10° at dawn in Haikou', () => {
    // Haikou (20.04° N, 110.32° E) at local noon (04:00 UTC) on the March equinox: about 90 − 20 = 70°.
    expect(solarElevationDeg(new Date('2025-03-20T04:30:00Z'), 20.04, 110.32)).toBeGreaterThan(65);
    // 07:00 local (23:00 UTC the day before), half an hour after sunrise: low sun.
    expect(solarElevationDeg(new Date('2025-03-19T23:00:00Z'), 20.04, 110.32)).toBeLessThan(10);
  });
});
