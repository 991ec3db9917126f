import { describe, expect, it } from 'vitest';
import { scoreSeriesRows } from './compute-series-score';
import type { MeasurementRow } from './series-points';

const rows = (values: number[]): MeasurementRow[] =>
  values.map((valueNgL, i) => ({
    measurementId: 100 + i,
    roundId: 10 + i,
    roundIndex: i,
    qualifier: '=',
    valueNgL,
    lodNgL: 0.5,
    loqNgL: 1,
    flowM3PerDay: null,
    population: null,
  }));

describe('scoreSeriesRows', () => {
  it("scores docs/design.md's example [100,120,115,160,190,240]: S 13, exact two-sided p 12/720, slope 28, rising", () => {
    const { row, signals } = scoreSeriesRows({
      siteId: 7,
      analyteCode: 'METH',
      rows: rows([100, 120, 115, 160, 190, 240]),
      companionRows: [],
      correctionFactor: 2.33,
      inputsVersion: 'v',
    });
    expect(row).toMatchObject({
      siteId: 7,
      basis: 'concentration',
      unit: 'ng/L',
      n: 6,
      quantifiedN: 6,
      s: 13,
      method: 'exact',
      senSlope: 28,
      category: 'rising',
      latestRoundId: 15,
      inputsVersion: 'v',
    });
    expect(row.pValue).toBeCloseTo(12 / 720, 10);
    expect(signals.map((s) => [s.kind, s.conditionKey, s.severity])).toEqual([
      ['trend_rising', 'trend_rising:7:METH', 'medium'],
    ]);
  });

  it('finds the AMP/METH ratio of 0.9 from the AMP series with its METH companion', () => {
    const { signals } = scoreSeriesRows({
      siteId: 3,
      analyteCode: 'AMP',
      rows: rows([12, 11, 13, 90]),
      companionRows: rows([100, 100, 100, 100]),
      correctionFactor: null,
      inputsVersion: 'v',
    });
    expect(signals.find((s) => s.kind === 'amp_meth_ratio')).toMatchObject({
      conditionKey: 'amp_meth_ratio:3',
      severity: 'high',
      detail: { ratio: 0.9 },
    });
  });

  it('scores rounds below the LOQ as censored and says so in the trend alert', () => {
    const series = rows([0, 0, 0, 4, 5, 6, 7, 8]).map((r, i) =>
      i < 3 ? { ...r, qualifier: '<LOQ' as const, valueNgL: null } : r,
    );
    const { row, signals } = scoreSeriesRows({
      siteId: 7,
      analyteCode: 'METH',
      rows: series,
      companionRows: [],
      correctionFactor: 2.33,
      inputsVersion: 'v',
    });
    // Three "<1" tie among themselves; the other 25 pairs rise. Var(S) = 8·7·21/18 − 11/3 − 1.
    expect(row).toMatchObject({ n: 8, quantifiedN: 5, s: 25, method: 'normal', category: 'rising' });
    expect(row.pValue).toBeCloseTo(0.0020608812, 8); // scipy.stats.norm.sf(24 / √(182/3)) × 2
    const trend = signals.find((s) => s.kind === 'trend_rising');
    expect(trend?.detail).toMatchObject({ test: 'censored-mann-kendall', censoredN: 3 });
  });
});
