import { describe, expect, it } from 'vitest';
import { buildSiteSeries, type SeriesMeasurement } from './site-series';

const METH = { code: 'METH', correctionFactor: 2.33, provisional: false };

function point(
  round: number,
  valueNgL: number | null,
  extra: Partial<SeriesMeasurement> = {},
): SeriesMeasurement {
  return {
    measurementId: round,
    roundId: round,
    roundName: `R${round}`,
    roundStartsOn: `2025-0${round}-01`,
    sampleId: `S${round}`,
    collectedStart: new Date(`2025-0${round}-02T00:00:00Z`),
    collectedEnd: new Date(`2025-0${round}-03T00:00:00Z`),
    replicate: 1,
    qualifier: valueNgL === null ? '<LOQ' : '=',
    valueNgL,
    lodNgL: 0.5,
    loqNgL: 1,
    uloqNgL: null,
    flowM3PerDay: 100_000,
    population: 500_000,
    revised: false,
    ...extra,
  };
}

describe('buildSiteSeries', () => {
  it('reproduces the docs/design.md worked example: 200 ng/L → 20,000 mg/d → 40 → 93.2', () => {
    const { points } = buildSiteSeries([point(1, 200)], METH);
    expect(points[0]!.loadMgPerDay).toBeCloseTo(20_000, 9);
    expect(points[0]!.normalisedLoadMgPerDayPer1000).toBeCloseTo(40, 9);
    expect(points[0]!.consumptionMgPerDayPer1000).toBeCloseTo(93.2, 9);
    expect(points[0]!.correctionFactor).toBe(2.33);
  });

  it('takes a below-LOQ point at LOQ/2 and flags it', () => {
    const { points } = buildSiteSeries([point(1, null)], METH);
    expect(points[0]!.substituted).toBe(true);
    expect(points[0]!.valueNgL).toBeNull();
    expect(points[0]!.concentrationUsedNgL).toBe(0.5);
    expect(points[0]!.loadMgPerDay).toBeCloseTo(50, 9);
  });

  it('scores the docs/design.md series [100,120,115,160,190,240] on normalised load, oldest round first', () => {
    const concentrations = [100, 120, 115, 160, 190, 240];
    const shuffled = concentrations.map((c, i) => point(i + 1, c)).reverse();
    const { trend } = buildSiteSeries(shuffled, METH);
    expect(trend.basis).toBe('normalised_load');
    expect(trend.n).toBe(6);
    expect(trend.s).toBe(13);
    // normalised load = C × 0.2 here, so Sen's slope is 28 ng/L per round × 0.2
    expect(trend.senSlope).toBeCloseTo(5.6, 9);
    expect(trend.category).toBe('rising');
  });

  it('falls back to concentration when a round has no population, and says so', () => {
    const { trend } = buildSiteSeries([point(1, 100), point(2, 120, { population: null })], METH);
    expect(trend.basis).toBe('concentration');
    expect(trend.values).toEqual([100, 120]);
    expect(trend.category).toBe('insufficient_data');
  });

  it('averages replicates within a round', () => {
    const { trend, points } = buildSiteSeries(
      [point(1, 100), point(1, 110, { replicate: 2, measurementId: 9 })],
      { ...METH, correctionFactor: null },
    );
    expect(points).toHaveLength(2);
    expect(trend.values).toEqual([21]);
    expect(points[0]!.consumptionMgPerDayPer1000).toBeNull();
  });

  it('scores rounds all below the LOQ as censored "<LOQ", not as LOQ/2 (the limit may move)', () => {
    const loqs = [10, 10, 10, 5, 5, 2, 2, 2];
    const { trend } = buildSiteSeries(
      loqs.map((loq, i) => point(i + 1, null, { loqNgL: loq, lodNgL: loq / 2 })),
      METH,
    );
    // LOQ/2 in the values shown; the test sees eight "<LOQ" that cannot be ordered.
    expect(trend.values[0]).toBeCloseTo(1, 9); // 5 ng/L × 0.2
    expect(trend.test).toBe('censored-mann-kendall');
    expect(trend.censoredN).toBe(8);
    expect(trend.s).toBe(0);
    expect(trend.category).toBe('stable');
  });

  it('orders detections above earlier "<LOQ" rounds: <1 <1 <1 4 5 6 7 8 is rising', () => {
    const measurements = [null, null, null, 4, 5, 6, 7, 8].map((v, i) => point(i + 1, v));
    const { trend } = buildSiteSeries(measurements, METH);
    expect(trend.test).toBe('censored-mann-kendall');
    expect(trend.s).toBe(25);
    expect(trend.category).toBe('rising');
  });

  it('keeps the ordinary test when every round has a measured value', () => {
    const { trend } = buildSiteSeries([1, 2, 3, 4, 5].map((v, i) => point(i + 1, v)), METH);
    expect(trend.test).toBe('mann-kendall');
    expect(trend.method).toBe('exact');
  });
});
