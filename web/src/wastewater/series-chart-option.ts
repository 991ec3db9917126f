import type { SiteSeries } from '../api/series-api';
import { senTrendLine } from './sen-trend-line';

export interface SeriesChartLabels {
  value: string;
  belowLoq: string;
  revised: string;
  trend: string;
  /** The unit of the measure, e.g. "mg/d/1000人" or "ng/L". */
  unit: string;
  roundLabel: (index: number) => string;
  /** The label of the marker on the round chosen on the map's slider. */
  selectedRound?: string;
}

/** Which measure a series is drawn (and scored) on: normalised load when the site has a population. */
export function seriesMeasure(series: SiteSeries): 'normalisedLoad' | 'concentration' {
  return series.points.some(
    (point) =>
      point.normalisedLoadMgPerDayPer1000 !== null && point.normalisedLoadMgPerDayPer1000 !== undefined,
  )
    ? 'normalisedLoad'
    : 'concentration';
}

/** A result reported under the limit of quantification (`<LOQ`, `<LOD`, `ND`, `<5`). */
export function isBelowLimit(qualifier: string | null | undefined): boolean {
  return typeof qualifier === 'string' && qualifier !== '' && qualifier !== '=';
}

/**
 * The echarts option of a site's series: values as a line, results below the LOQ as hollow
 * markers, revised results as diamonds, the Theil-Sen trend line when the server gives a slope,
 * and a vertical marker on the point at `selectedIndex` (the round chosen on the map) when given.
 * Colours: Okabe-Ito blue (values), vermillion (trend), black outlines (markers).
 */
export function seriesChartOption(
  series: SiteSeries,
  labels: SeriesChartLabels,
  selectedIndex: number | null = null,
): Record<string, unknown> {
  const measure = seriesMeasure(series);
  const values = series.points.map(
    (point) => (measure === 'normalisedLoad' ? point.normalisedLoadMgPerDayPer1000 : point.valueNgL) ?? null,
  );
  const rounds = series.points.map((_, index) => labels.roundLabel(index));
  const belowLoq = series.points
    .map((point, index) => (isBelowLimit(point.qualifier) ? [index, values[index] ?? 0] : null))
    .filter((pair) => pair !== null);
  const revised = series.points
    .map((point, index) => (point.revised ? [index, values[index]] : null))
    .filter((pair) => pair !== null);
  const slope = series.trend?.senSlope;
  const trend = typeof slope === 'number' && Number.isFinite(slope) ? senTrendLine(values, slope) : [];
  return {
    animation: false,
    // The legend below the axis labels: at the top it ran into the y axis' unit.
    grid: { left: 56, right: 16, top: 36, bottom: 64 },
    legend: {
      bottom: 0,
      data: [labels.value, labels.belowLoq, labels.revised, ...(trend.length ? [labels.trend] : [])],
    },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: rounds, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', name: labels.unit, nameTextStyle: { align: 'left' }, min: 0 },
    series: [
      {
        name: labels.value,
        type: 'line',
        data: values,
        connectNulls: false,
        symbolSize: 7,
        itemStyle: { color: '#0072b2' },
        lineStyle: { width: 2 },
        ...(selectedIndex !== null && selectedIndex >= 0 && selectedIndex < rounds.length
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                animation: false,
                data: [{ xAxis: selectedIndex }],
                lineStyle: { color: '#000000', type: 'solid', width: 1.5 },
                label: { formatter: labels.selectedRound ?? rounds[selectedIndex], position: 'insideEndTop' },
              },
            }
          : {}),
      },
      {
        name: labels.belowLoq,
        type: 'scatter',
        data: belowLoq,
        symbol: 'emptyCircle',
        symbolSize: 12,
        itemStyle: { color: '#000000' },
        z: 5,
      },
      {
        name: labels.revised,
        type: 'scatter',
        data: revised,
        symbol: 'diamond',
        symbolSize: 13,
        itemStyle: { color: '#e69f00', borderColor: '#000000', borderWidth: 1 },
        z: 6,
      },
      ...(trend.length
        ? [
            {
              name: labels.trend,
              type: 'line',
              data: trend,
              symbol: 'none',
              lineStyle: { type: 'dashed', width: 2, color: '#d55e00' },
              itemStyle: { color: '#d55e00' },
            },
          ]
        : []),
    ],
  };
}
