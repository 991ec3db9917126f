import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { EChartProps } from './echart';

// echarts (~200 kB gzipped even trimmed) loads the first time a chart is shown, never with the first screen.
const EChart = lazy(() => import('./echart'));

/** An echarts chart, its library fetched on first use. */
export function LazyEChart(props: EChartProps) {
  const { t } = useTranslation();
  return (
    <Suspense
      fallback={
        <p className="screen-loading" style={{ height: props.height ?? 260 }}>
          {t('common.loading')}
        </p>
      }
    >
      <EChart {...props} />
    </Suspense>
  );
}
