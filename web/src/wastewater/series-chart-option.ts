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
  /** The legend entry of the 95 % interval band, e.g. "95% 区间". */
  interval?: string;
  /** A figure as the tooltip writes it (the user's language); plain `String` without it. */
  formatValue?: (value: number) => string;
}

/** The 95 % interval of a point's drawn figure, from the API's `<field>Lower95` / `<field>Upper95`. */
export function pointInterval(
  point: SiteSeries['points'][number],
  measure: 'normalisedLoad' | 'concentration',
): { lower95: number; upper95: number } | null {
  if (measure !== 'normalisedLoad') return null;
  const lower95 = point.normalisedLoadMgPerDayPer1000Lower95;
  const upper95 = point.normalisedLoadMgPerDayPer1000Upper95;
  return typeof lower95 === 'number' &&
    typeof upper95 === 'number' &&
    Number.isFinite(lower95) &&
    Number.isFinite(upper95)
    ? { lower95, upper95 }
    : null;
}

/** The names of the band's two stacked series: the invisible base (lower bound) and the band itself. */
export const intervalBaseSeriesId = 'interval-lower95';
export const intervalBandSeriesId = 'interval-band';

interface TooltipParam {
  seriesId?: string;
  seriesName?: string;
  dataIndex: number;
  value: unknown;
  marker?: string;
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
  const intervals = series.points.map((point) => pointInterval(point, measure));
  const hasBand = intervals.some((interval) => interval !== null);
  const format = labels.formatValue ?? ((value: number) => String(value));
  const intervalLabel = labels.interval ?? '95%';
  const slope = series.trend?.senSlope;
  const trend = typeof slope === 'number' && Number.isFinite(slope) ? senTrendLine(values, slope) : [];
  return {
    animation: false,
    // The legend below the axis labels: at the top it ran into the y axis' unit.
    grid: { left: 56, right: 16, top: 36, bottom: 64 },
    // One scrolling line of legend under the axis labels: five entries never wrap onto the axis.
    legend: {
      type: 'scroll',
      bottom: 0,
      data: [
        labels.value,
        ...(hasBand ? [intervalLabel] : []),
        labels.belowLoq,
        labels.revised,
        ...(trend.length ? [labels.trend] : []),
      ],
    },
    tooltip: {
      trigger: 'axis',
      // The round, its value and its interval as a range, in the user's language; the band's two
      // stacked series (base + width) would otherwise show as two meaningless numbers.
      formatter: (params: TooltipParam | TooltipParam[]) => {
        const list = Array.isArray(params) ? params : [params];
        const index = list[0]?.dataIndex ?? 0;
        const lines = [rounds[index] ?? ''];
        const value = values[index];
        if (value !== null && value !== undefined)
          lines.push(`${labels.value}: ${format(value)} ${labels.unit}`);
        const interval = intervals[index];
        if (interval)
          lines.push(
            `${intervalLabel}: ${format(interval.lower95)}–${format(interval.upper95)} ${labels.unit}`,
          );
        for (const param of list) {
          if (param.seriesName === labels.belowLoq) lines.push(labels.belowLoq);
          if (param.seriesName === labels.revised) lines.push(labels.revised);
        }
        return lines.join('<br/>');
      },
    },
    xAxis: { type: 'category', data: rounds, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', name: labels.unit, nameTextStyle: { align: 'left' }, min: 0 },
    series: [
      // The band: an invisible base at the lower bound, and the width (upper − lower) stacked on
      // it and filled; each item keeps the API's upper bound as given.
      ...(hasBand
        ? [
            {
              id: intervalBaseSeriesId,
              name: `${intervalLabel} base`,
              type: 'line',
              stack: 'interval95',
              data: intervals.map((interval) => interval?.lower95 ?? null),
              lineStyle: { opacity: 0 },
              symbol: 'none',
              silent: true,
              tooltip: { show: false },
            },
            {
              id: intervalBandSeriesId,
              name: intervalLabel,
              type: 'line',
              stack: 'interval95',
              data: intervals.map((interval) =>
                interval ? { value: interval.upper95 - interval.lower95, upper95: interval.upper95 } : null,
              ),
              lineStyle: { opacity: 0 },
              symbol: 'none',
              areaStyle: { color: 'rgba(86, 180, 233, 0.35)' },
              itemStyle: { color: 'rgba(86, 180, 233, 0.6)' },
              silent: true,
            },
          ]
        : []),
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
