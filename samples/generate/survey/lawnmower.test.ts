import { describe, expect, it } from 'vitest';
import { lonLatToOffset } from '@skywater/core/survey/local-tangent-plane';
import { planLawnmowerFlight, type LawnmowerSpec } from './lawnmower';
import { SeededRandom } from '../seeded-random';

const spec: LawnmowerSpec = {
  origin: { lon: 110.3, lat: 19.9 },
  lines: 5,
  photosPerLine: 5,
  lineSpacingM: 120,
  photoSpacingM: 80,
  heightAglM: 100,
  groundElevationM: 38,
  cruiseSpeedMps: 8,
  climbSpeedMps: 4,
  startsAt: new Date('2025-03-10T01:30:00Z'),
  sampleIntervalS: 2,
};

describe('planLawnmowerFlight', () => {
  it('places 5 × 5 photos 80 m apart on lines 120 m apart, alternating direction', () => {
    const plan = planLawnmowerFlight(spec, new SeededRandom(1));
    expect(plan.photos).toHaveLength(25);
    const local = plan.photos.map((p) => lonLatToOffset(spec.origin, p.lon, p.lat));
    // first line eastward from the origin, second westward 120 m north (± 0.3 m GNSS noise)
    expect(local[0]!.eastM).toBeCloseTo(0, 0);
    expect(local[4]!.eastM).toBeCloseTo(320, 0);
    expect(local[5]!.eastM).toBeCloseTo(320, 0);
    expect(local[5]!.northM).toBeCloseTo(120, 0);
    expect(plan.photos[0]!.headingDeg).toBe(90);
    expect(plan.photos[5]!.headingDeg).toBe(-90);
    // 80 m at 8 m/s: 10 s between photos on a line
    expect(plan.photos[1]!.time.getTime() - plan.photos[0]!.time.getTime()).toBe(10_000);
    expect(plan.photos.every((p) => p.heightAboveTakeoffM === 100 && p.altitudeMslM === 138)).toBe(true);
  });

  it('splits the track into two segments around a battery swap, photos continuing', () => {
    const plan = planLawnmowerFlight(
      { ...spec, batterySwapAfterLine: 2, batterySwapS: 420 },
      new SeededRandom(1),
    );
    expect(plan.segments).toHaveLength(2);
    expect(plan.photos).toHaveLength(25);
    const firstEnd = plan.segments[0]!.at(-1)!;
    const secondStart = plan.segments[1]![0]!;
    expect(firstEnd.heightAboveTakeoffM).toBeCloseTo(0, 6);
    expect(secondStart.heightAboveTakeoffM).toBe(0);
    expect(secondStart.time.getTime() - firstEnd.time.getTime()).toBeGreaterThanOrEqual(420_000);
  });
});
