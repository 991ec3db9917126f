import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { fetchFlights } from '../api/flights-api';
import { loadedOr, useLoadable } from '../app/use-loadable';
import { useSessionUser } from '../auth/session-context';
import { formatPercent } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { areasByActivity } from './area-order';
import { useSurveyAreas } from './use-survey-areas';
import { AreaProgress } from './area-progress';
import { CoverageBar } from './coverage-bar';
import { CoverageTable } from './coverage-table';
import { coverageTotals } from './coverage-totals';

/** The coverage dashboard: per survey area the covered km² against the total, and the gaps to fly. */
export default function CoverageScreen() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { areas, reload } = useSurveyAreas();
  const user = useSessionUser();
  const flights = useLoadable((signal) => fetchFlights(undefined, signal));
  const flightList = loadedOr(flights.state, []);
  // The user's own areas and the recently flown first, not the least covered (often unflown).
  const ordered = useMemo(
    () => (areas.status === 'loaded' ? areasByActivity(areas.value, flightList, user.username) : []),
    [areas, flightList, user.username],
  );
  const totals = useMemo(() => (areas.status === 'loaded' ? coverageTotals(areas.value) : null), [areas]);

  return (
    <div className="page coverage-screen">
      <h1>{t('coverage.title')}</h1>
      <p className="page__intro">{t('coverage.intro')}</p>
      {areas.status === 'loading' && (
        <p role="status" className="screen-loading">
          {t('common.loading')}
        </p>
      )}
      {areas.status === 'failed' && (
        <div role="alert" className="page-problem">
          <p>
            {areas.error instanceof ApiError && areas.error.status === 0
              ? t('common.unreachable')
              : t('common.failed', { message: areas.error.message })}
          </p>
          <button type="button" className="button button--primary" onClick={reload}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {areas.status === 'loaded' && totals && (
        <>
          {areas.value.length > 0 && (
            <section className="coverage-summary" aria-label={t('coverage.total')}>
              <h2>{t('coverage.total')}</h2>
              <CoverageBar label={t('coverage.progressLabel', { name: t('coverage.total') })} {...totals} />
              <p className="coverage-summary__pct">{formatPercent(totals.coveragePct, language)}</p>
            </section>
          )}
          <CoverageTable areas={ordered} />
          <AreaProgress key={ordered[0]?.id ?? ''} areas={ordered} />
        </>
      )}
    </div>
  );
}
