import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProvinceComparisonRow } from '../api/province-api';
import { LazyEChart } from '../charts/lazy-echart';
import { formatNumber } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { officeName } from './province-text';

/** One whisker (the 95 % interval) drawn over a bar: a vertical line with short caps. */
interface WhiskerApi {
  value(dimension: number): number;
  coord(point: [number, number]): [number, number];
  size(dataSize: [number, number]): [number, number];
}

function renderWhisker(_params: unknown, api: WhiskerApi) {
  const index = api.value(0);
  const [x, low] = api.coord([index, api.value(1)]);
  const [, high] = api.coord([index, api.value(2)]);
  const cap = Math.min(8, api.size([1, 0])[0] * 0.15);
  const style = { stroke: '#1f2937', lineWidth: 1.5 };
  return {
    type: 'group',
    children: [
      { type: 'line', shape: { x1: x, y1: low, x2: x, y2: high }, style },
      { type: 'line', shape: { x1: x - cap, y1: low, x2: x + cap, y2: low }, style },
      { type: 'line', shape: { x1: x - cap, y1: high, x2: x + cap, y2: high }, style },
    ],
  };
}

/**
 * The offices' normalised loads as bars, highest first, each with its 95 % interval as a whisker.
 * The figures are in the table beside it (a canvas is not read by screen readers).
 */
export function ProvinceLoadChart({ rows }: { rows: readonly ProvinceComparisonRow[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const withLoad = useMemo(() => rows.filter((r) => r.normalisedLoadMgPerDayPer1000 !== null), [rows]);
  const option = useMemo<EChartsCoreOption>(
    () => ({
      animation: false,
      grid: { left: 56, right: 16, top: 32, bottom: 48 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (value: number) => formatNumber(value, language),
      },
      xAxis: {
        type: 'category',
        data: withLoad.map((r) => officeName(r.office, language)),
        axisLabel: { interval: 0, rotate: withLoad.length > 5 ? 30 : 0 },
      },
      yAxis: { type: 'value', name: t('province.loadUnit'), nameTextStyle: { align: 'left' } },
      series: [
        {
          type: 'bar',
          name: t('province.column.load'),
          data: withLoad.map((r) => r.normalisedLoadMgPerDayPer1000),
          itemStyle: { color: '#2563eb' },
          barMaxWidth: 48,
        },
        {
          type: 'custom',
          name: t('province.interval'),
          renderItem: renderWhisker,
          data: withLoad.map((r, i) => [
            i,
            r.normalisedLoadInterval95?.lower95 ?? r.normalisedLoadMgPerDayPer1000,
            r.normalisedLoadInterval95?.upper95 ?? r.normalisedLoadMgPerDayPer1000,
          ]),
          encode: { x: 0, y: [1, 2] },
          z: 3,
        },
      ],
    }),
    [withLoad, language, t],
  );
  if (withLoad.length === 0) return null;
  return <LazyEChart option={option} label={t('province.chartLabel')} height={260} />;
}
