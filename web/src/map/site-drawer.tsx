import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type Alert, fetchAlerts, fetchSiteSignals } from '../api/alerts-api';
import { type Analyte, analyteLabel } from '../api/analytes-api';
import type { Round } from '../api/rounds-api';
import { fetchSiteAnalytes, fetchSiteSeries, type SiteSeries } from '../api/series-api';
import type { SiteProperties } from '../api/sites-api';
import { alertDetailText, alertKindLabel } from '../alerts/alert-text';
import { useLoadable } from '../app/use-loadable';
import { LazyEChart } from '../charts/lazy-echart';
import {
  formatConcentrationNgL,
  formatDate,
  formatDateTime,
  formatLoadPer1000,
  formatNumber,
} from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import {
  isBelowLimit,
  pointInterval,
  seriesChartOption,
  seriesMeasure,
} from '../wastewater/series-chart-option';
import { formatFigure } from '../alerts/alert-load-text';
import { formatPValue, formatSignedPercent } from './trend-figures';

export interface SiteDrawerProps {
  site: SiteProperties;
  analyte: string;
  analytes: readonly Analyte[];
  rounds: readonly Round[];
  /** The round chosen on the map's slider: marked on the chart, its values shown first. */
  roundId?: string;
  onClose: () => void;
  /** Another analyte chosen in the drawer's picker (the map follows). */
  onAnalyte?: (code: string) => void;
}

/**
 * The series of the site for the analyte chosen on the map (chart + table), the values of the
 * round chosen on the slider (marked on the chart and in the table), and the site's alerts.
 */
export function SiteDrawer({
  site,
  analyte,
  analytes,
  rounds,
  roundId,
  onClose,
  onAnalyte,
}: SiteDrawerProps) {
  const { t, i18n } = useTranslation();
  const language = useLanguage();
  const series = useLoadable((signal) => fetchSiteSeries(site.id, analyte, signal), `${site.id}:${analyte}`);
  const alerts = useLoadable(
    (signal) => fetchAlerts({ siteId: String(site.id), status: '' }, signal),
    String(site.id),
  );
  const signals = useLoadable((signal) => fetchSiteSignals(site.id, signal), String(site.id));
  const measured = useLoadable((signal) => fetchSiteAnalytes(site.id, signal), String(site.id));
  const measuredCounts = measured.state.status === 'loaded' ? measured.state.value : null;
  const roundName = useCallback(
    (roundId: SiteSeries['points'][number]['roundId']) => rounds.find((round) => round.id === roundId)?.name,
    [rounds],
  );

  const answered = series.state.status === 'loaded' ? series.state.value : null;
  // A never-measured analyte (or one with only empty rows) has no series: say "no data", not
  // "insufficient data · p = 1" over an empty chart.
  const hasData =
    answered !== null &&
    answered.points.some((point) => point.valueNgL !== null || isBelowLimit(point.qualifier));
  const loaded = hasData ? answered : null;
  const measure = loaded ? seriesMeasure(loaded) : 'concentration';
  const unit = measure === 'normalisedLoad' ? t('units.loadPer1000') : 'ng/L';
  const selectedRoundName = roundId === undefined ? undefined : roundName(Number(roundId));
  // The chosen round's result at this site (the last one when the round has several samples).
  const selectedIndex =
    loaded && roundId !== undefined
      ? loaded.points.findLastIndex((point) => String(point.roundId) === roundId)
      : -1;
  const selectedPoint = loaded && selectedIndex >= 0 ? loaded.points[selectedIndex] : null;
  const option = useMemo(
    () =>
      loaded
        ? seriesChartOption(
            loaded,
            {
              value: measure === 'normalisedLoad' ? t('drawer.normalisedLoad') : t('drawer.concentration'),
              belowLoq: t('drawer.belowLoq'),
              revised: t('drawer.revised'),
              trend: t('drawer.trendLine'),
              unit,
              roundLabel: (index) =>
                roundName(loaded.points[index].roundId) ?? formatDate(loaded.points[index].collectedStart),
              selectedRound: t('drawer.chosenRound'),
              interval: t('drawer.interval95'),
              formatValue: (value) => formatFigure(value, language),
            },
            selectedIndex >= 0 ? selectedIndex : null,
          )
        : null,
    [loaded, measure, unit, t, language, roundName, selectedIndex],
  );
  const inChosenRound = (alert: Alert) =>
    roundId !== undefined && String(alert.roundId) === roundId && alert.analyte === analyte;
  // The alerts of the chosen round and analyte first, each group newest first as the API sends it.
  const siteAlerts = (alerts.state.status === 'loaded' ? alerts.state.value : [])
    .filter((alert: Alert) => String(alert.siteId) === String(site.id))
    .sort((a, b) => Number(inChosenRound(b)) - Number(inChosenRound(a)));
  const siteSignals = signals.state.status === 'loaded' ? signals.state.value : [];
  const trend = loaded?.trend;
  const alertLine = (alert: Alert) => (
    <>
      <strong>{alertKindLabel(alert.kind, i18n)}</strong>
      {inChosenRound(alert) && <span className="tag">{t('drawer.chosenRound')}</span>} ·{' '}
      {alert.analyte ? analyteLabel(alert.analyte, analytes, language) : ''} ·{' '}
      {t(`alerts.status.${alert.status}`)}
      <br />
      <small>
        {formatDateTime(alert.createdAt)} {alertDetailText(alert.kind, alert.detail, language)}
      </small>
    </>
  );

  return (
    <aside className="site-drawer" aria-labelledby="site-drawer-title" data-testid="site-drawer">
      <header className="site-drawer__header">
        <h2 id="site-drawer-title">
          {site.code} {site.name}
        </h2>
        <button
          type="button"
          className="button button--quiet"
          onClick={onClose}
          aria-label={t('drawer.close')}
        >
          ×
        </button>
      </header>
      <p className="site-drawer__meta">
        {t(`map.siteKind.${site.kind}`)}
        {site.populationServed
          ? ` · ${t('map.site.population')} ${formatNumber(site.populationServed, language, 0)}`
          : ''}
      </p>
      {onAnalyte && analytes.length > 0 ? (
        <label className="site-drawer__analyte">
          <span>{t('siteData.analyte')}</span>
          <select
            value={analyte}
            onChange={(event) => onAnalyte(event.target.value)}
            data-testid="drawer-analyte"
          >
            {[...analytes]
              .map((entry) => ({ entry, count: measuredCounts?.find((c) => c.analyte === entry.code) }))
              .sort((a, b) => Number(Boolean(b.count)) - Number(Boolean(a.count)))
              .map(({ entry, count }) => (
                <option key={entry.code} value={entry.code}>
                  {count
                    ? `● ${analyteLabel(entry.code, analytes, language)} · ${t('siteData.withData', { rounds: count.rounds, detected: count.detected })}`
                    : `○ ${analyteLabel(entry.code, analytes, language)} · ${t('siteData.noData')}`}
                </option>
              ))}
          </select>
        </label>
      ) : (
        <h3>{analyteLabel(analyte, analytes, language)}</h3>
      )}
      {answered && !hasData && (
        <p className="site-drawer__no-data" data-testid="drawer-no-data">
          {t('siteData.noDataAt', { analyte: analyteLabel(analyte, analytes, language) })}
        </p>
      )}
      {series.state.status === 'loading' && <p className="screen-loading">{t('common.loading')}</p>}
      {series.state.status === 'failed' && (
        <p className="page-note">{t('drawer.noSeries', { message: series.state.error.message })}</p>
      )}
      {loaded && option && (
        <>
          {trend && (
            <p className={`trend trend--${trend.category}`} data-testid="site-trend">
              <strong>{t(`drawer.trend.${trend.category}`)}</strong>
              {typeof trend.senSlope === 'number' &&
                ` · ${t('drawer.senSlope')} ${formatNumber(trend.senSlope, language, 2)} ${unit}/${t('drawer.perRound')}`}
              {typeof trend.pValue === 'number' && ` · ${formatPValue(trend.pValue, language)}`}
              {typeof trend.percentChange === 'number' &&
                ` · ${t('siteData.changeOverSeries', { change: formatSignedPercent(trend.percentChange, language) })}`}
            </p>
          )}
          {selectedRoundName !== undefined && (
            <div className="site-drawer__round" data-testid="site-round-values" data-round-id={roundId}>
              <h4>{t('drawer.roundValues', { round: selectedRoundName })}</h4>
              {selectedPoint ? (
                <dl>
                  <dt>{t('drawer.concentration')}</dt>
                  <dd>
                    {isBelowLimit(selectedPoint.qualifier)
                      ? `${selectedPoint.qualifier}${
                          selectedPoint.loqNgL != null
                            ? ` (${t('drawer.loq')} ${formatConcentrationNgL(selectedPoint.loqNgL, language)})`
                            : ''
                        }`
                      : selectedPoint.valueNgL !== null
                        ? formatConcentrationNgL(selectedPoint.valueNgL, language)
                        : '—'}
                    {selectedPoint.revised && <span className="tag">{t('drawer.revised')}</span>}
                  </dd>
                  <dt>{t('drawer.normalisedLoad')}</dt>
                  <dd>
                    {selectedPoint.normalisedLoadMgPerDayPer1000 !== null
                      ? formatLoadPer1000(selectedPoint.normalisedLoadMgPerDayPer1000, language)
                      : '—'}
                  </dd>
                  <dt>{t('drawer.sampled')}</dt>
                  <dd>{formatDate(selectedPoint.collectedEnd)}</dd>
                </dl>
              ) : (
                <p className="page-note">{t('drawer.noResultInRound')}</p>
              )}
            </div>
          )}
          <LazyEChart option={option} label={t('drawer.chartLabel', { site: site.code, analyte })} />
          <table className="data-table data-table--compact">
            <caption className="visually-hidden">{t('drawer.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('drawer.round')}</th>
                <th scope="col">{t('drawer.concentration')}</th>
                <th scope="col">{t('drawer.normalisedLoad')}</th>
              </tr>
            </thead>
            <tbody>
              {loaded.points.map((point, index) => (
                <tr
                  key={index}
                  className={index === selectedIndex ? 'row--selected' : undefined}
                  aria-current={index === selectedIndex ? 'true' : undefined}
                >
                  <th scope="row">{roundName(point.roundId) ?? formatDate(point.collectedStart)}</th>
                  <td>
                    {isBelowLimit(point.qualifier)
                      ? point.qualifier
                      : point.valueNgL !== null
                        ? formatConcentrationNgL(point.valueNgL, language)
                        : '—'}
                    {point.revised && <span className="tag">{t('drawer.revised')}</span>}
                  </td>
                  <td>
                    {point.normalisedLoadMgPerDayPer1000 !== null
                      ? formatLoadPer1000(point.normalisedLoadMgPerDayPer1000, language)
                      : '—'}
                    {(() => {
                      const interval = pointInterval(point, 'normalisedLoad');
                      return interval ? (
                        <small className="site-drawer__interval" data-testid="point-interval">
                          {' '}
                          {t('drawer.intervalRange', {
                            lower: formatFigure(interval.lower95, language),
                            upper: formatFigure(interval.upper95, language),
                          })}
                        </small>
                      ) : null;
                    })()}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3>{t('drawer.alerts')}</h3>
      {siteAlerts.length === 0 ? (
        <p className="page-note">
          {alerts.state.status === 'failed' ? t('drawer.alertsUnavailable') : t('drawer.noAlerts')}
        </p>
      ) : (
        <ul className="site-drawer__alerts">
          {siteAlerts.map((alert) => (
            <li key={alert.id} className={`severity-line severity-line--${alert.severity}`}>
              {alertLine(alert)}
            </li>
          ))}
        </ul>
      )}
      {signals.state.status === 'loaded' && (
        <section className="site-drawer__signals" data-testid="site-signals">
          <h3>{t('drawer.signals')}</h3>
          <p className="page-note">{t('drawer.signalsNote')}</p>
          {siteSignals.length === 0 ? (
            <p className="page-note">{t('drawer.noSignals')}</p>
          ) : (
            <ul className="site-drawer__alerts">
              {siteSignals.map((alert) => (
                <li key={alert.id} className="severity-line severity-line--low" data-testid="site-signal">
                  {alertLine(alert)}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </aside>
  );
}
