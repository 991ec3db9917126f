import { describe, expect, it } from 'vitest';
import { scoreSeriesRows } from './series-score';
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
});
