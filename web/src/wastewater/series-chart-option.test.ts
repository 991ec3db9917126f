import { describe, expect, it } from 'vitest';
import type { SeriesPoint, SeriesTrend, SiteSeries } from '../api/series-api';
import { isBelowLimit, seriesChartOption, seriesMeasure } from './series-chart-option';

/** A point as the series route answers it (the chart reads neither the sample nor the uncertainty). */
const point = (overrides: Partial<SeriesPoint>): SeriesPoint => ({
  measurementId: 1,
  roundId: 1,
  roundName: 'R',
  sampleId: 'S-1',
  replicate: 1,
  collectedStart: '2025-01-14T08:00:00+08:00',
  collectedEnd: '2025-01-15T08:00:00+08:00',
  valueNgL: 10,
  qualifier: '=',
  lodNgL: null,
  loqNgL: null,
  substituted: false,
  concentrationUsedNgL: 10,
  flowM3PerDay: null,
  population: null,
  loadMgPerDay: null,
  normalisedLoadMgPerDayPer1000: null,
  consumptionMgPerDayPer1000: null,
  loadMgPerDayLower95: null,
  loadMgPerDayUpper95: null,
  normalisedLoadMgPerDayPer1000Lower95: null,
  normalisedLoadMgPerDayPer1000Upper95: null,
  consumptionMgPerDayPer1000Lower95: null,
  consumptionMgPerDayPer1000Upper95: null,
  uncertainty: { components: {} as SeriesPoint['uncertainty']['components'] },
  correctionFactor: null,
  provisional: false,
  revised: false,
  ...overrides,
});

const trend = (overrides: Partial<SeriesTrend>): SeriesTrend => ({
  basis: 'concentration',
  values: [],
  n: 0,
  s: 0,
  varS: 0,
  z: 0,
  pValue: 1,
  tau: 0,
  senSlope: null,
  percentChange: null,
  category: 'insufficient_data',
  method: 'exact',
  hasTies: false,
  test: 'mann-kendall',
  censoredN: 0,
  ...overrides,
});

const site = { siteCode: 'S', analyteNameZh: '甲基苯丙胺', correctionFactor: null, provisional: false, populationServed: null };
const labels = {
  value: 'v',
  belowLoq: 'loq',
  revised: 'rev',
  trend: 'trend',
  unit: 'ng/L',
  roundLabel: (index: number) => `R${index + 1}`,
};

describe('seriesChartOption', () => {
  it('draws concentrations when no point has a normalised load, with LOQ and revised markers', () => {
    const series: SiteSeries = {
      ...site,
      siteId: 5,
      analyte: 'ETO-ACID',
      points: [point({ valueNgL: 0.5, qualifier: '<LOQ' }), point({ valueNgL: 9, revised: true })],
      trend: trend({ n: 2, s: 1 }),
    };
    expect(seriesMeasure(series)).toBe('concentration');
    const option = seriesChartOption(series, labels) as {
      series: { name: string; data: unknown[] }[];
      xAxis: { data: string[] };
    };
    expect(option.xAxis.data).toEqual(['R1', 'R2']);
    expect(option.series.map((entry) => entry.name)).toEqual(['v', 'loq', 'rev']);
    expect(option.series[0].data).toEqual([0.5, 9]);
    expect(option.series[1].data).toEqual([[0, 0.5]]);
    expect(option.series[2].data).toEqual([[1, 9]]);
  });

  it('draws normalised loads and the Sen trend line when the trend has a slope', () => {
    const series: SiteSeries = {
      ...site,
      siteId: 17,
      analyte: 'METH',
      points: [10, 20, 30, 40].map((load) => point({ normalisedLoadMgPerDayPer1000: load })),
      trend: trend({ basis: 'normalised_load', n: 4, s: 6, pValue: 0.0417, senSlope: 10, percentChange: 300, category: 'rising' }),
    };
    const option = seriesChartOption(series, labels) as { series: { name: string; data: unknown[] }[] };
    expect(option.series[3]).toMatchObject({ name: 'trend', data: [10, 20, 30, 40] });
  });
});

describe('isBelowLimit', () => {
  it('knows a qualifier from a plain value', () => {
    expect(isBelowLimit('<LOQ')).toBe(true);
    expect(isBelowLimit('ND')).toBe(true);
    expect(isBelowLimit(null)).toBe(false);
    expect(isBelowLimit('')).toBe(false);
  });
});

describe('seriesChartOption, round chosen on the map', () => {
  const series: SiteSeries = {
    ...site,
    siteId: 5,
    analyte: 'METH',
    points: [point({ roundId: 1, valueNgL: 4 }), point({ roundId: 2, valueNgL: 9 })],
    trend: trend({}),
  };

  it('marks the chosen round with a vertical line on the values', () => {
    const option = seriesChartOption(series, { ...labels, selectedRound: 'chosen R2' }, 1) as {
      series: { markLine?: { data: unknown[]; label: { formatter: string } } }[];
    };
    expect(option.series[0].markLine?.data).toEqual([{ xAxis: 1 }]);
    expect(option.series[0].markLine?.label.formatter).toBe('chosen R2');
  });

  it('has no marker when the round has no result at this site', () => {
    const option = seriesChartOption(series, labels, null) as { series: { markLine?: unknown }[] };
    expect(option.series[0].markLine).toBeUndefined();
  });
});

describe('the 95 % interval band', () => {
  const withIntervals: SiteSeries = {
    ...site,
    siteId: 5,
    analyte: 'METH',
    points: [
      point({
        normalisedLoadMgPerDayPer1000: 40,
        normalisedLoadMgPerDayPer1000Lower95: 21.4,
        normalisedLoadMgPerDayPer1000Upper95: 63.9,
      }),
      point({ valueNgL: null, qualifier: '<LOQ', normalisedLoadMgPerDayPer1000: null }),
      point({
        normalisedLoadMgPerDayPer1000: 50,
        normalisedLoadMgPerDayPer1000Lower95: 26.75,
        normalisedLoadMgPerDayPer1000Upper95: 79.875,
      }),
    ],
    trend: trend({}),
  };
  type Entry = { id?: string; name: string; data: unknown[]; stack?: string };

  it('stacks the width on the lower bounds, each item keeping the upper bound as the API gave it', () => {
    const option = seriesChartOption(withIntervals, { ...labels, interval: '95%' }) as {
      series: Entry[];
      legend: { data: string[] };
    };
    const base = option.series.find((entry) => entry.id === 'interval-lower95')!;
    const band = option.series.find((entry) => entry.id === 'interval-band')!;
    expect(base.data).toEqual([21.4, null, 26.75]);
    expect(band.data).toEqual([
      { value: 63.9 - 21.4, upper95: 63.9 },
      null,
      { value: 79.875 - 26.75, upper95: 79.875 },
    ]);
    expect(base.stack).toBe(band.stack);
    expect(option.legend.data).toEqual(['v', '95%', 'loq', 'rev']);
  });

  it('writes the range in the tooltip', () => {
    const option = seriesChartOption(withIntervals, { ...labels, unit: 'mg/d/1000', interval: '95%' }) as {
      tooltip: { formatter: (params: unknown) => string };
    };
    expect(option.tooltip.formatter([{ dataIndex: 0, seriesName: 'v', value: 40 }])).toBe(
      'R1<br/>v: 40 mg/d/1000<br/>95%: 21.4–63.9 mg/d/1000',
    );
  });

  it('draws no band on concentrations', () => {
    const option = seriesChartOption({ ...withIntervals, points: [point({ valueNgL: 3 })] }, labels) as {
      series: Entry[];
    };
    expect(option.series.some((entry) => entry.id?.startsWith('interval'))).toBe(false);
  });
});
