import { describe, expect, it } from 'vitest';
import { barFraction, coverageTotals } from './coverage-totals';

describe('coverageTotals', () => {
  it('weighs the areas by size: Haikou 612 of 850 km² and Dongfang’s 1,130 km² all flown', () => {
    const totals = coverageTotals([
      { areaKm2: 850, coveredKm2: 612 },
      { areaKm2: 1130, coveredKm2: 1130 },
    ]);
    expect(totals.areaKm2).toBe(1980);
    expect(totals.coveredKm2).toBe(1742);
    // 1742 / 1980 = 87.98 %, not the mean of 72 % and 100 % (86 %).
    expect(totals.coveragePct).toBeCloseTo(87.9798, 3);
  });

  it('is zero, not NaN, with no survey area', () => {
    expect(coverageTotals([])).toEqual({ areaKm2: 0, coveredKm2: 0, coveragePct: 0 });
  });
});

describe('barFraction', () => {
  it('clamps a percentage to the bar', () => {
    expect(barFraction(72)).toBe(0.72);
    expect(barFraction(100.2)).toBe(1);
    expect(barFraction(-1)).toBe(0);
    expect(barFraction(Number.NaN)).toBe(0);
  });
});
