import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Position } from 'geojson';
import { areaGapsKmlUrl, fetchCoverageHistory, type SurveyArea } from '../api/areas-api';
import { useLoadable } from '../app/use-loadable';
import { LazyEChart } from '../charts/lazy-echart';
import { formatAreaKm2, formatDate } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { coverageTimeAxis } from './coverage-time-axis';
import { useLocateMe } from '../map/use-locate-me';
import { gapPartKm } from './gap-parts';
import { GapPartsList, TakeOffChoice } from './gap-parts-list';
import { useGapParts } from './use-gap-parts';

/**
 * One area's coverage over time (chart) and its gaps as parts a team can fly (squares of
 * `gapPartKm` km, the largest first or the nearest a located take-off point), with the reflight
 * KML of them all.
 */
export function AreaProgress({ areas }: { areas: readonly SurveyArea[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [areaId, setAreaId] = useState(areas[0] ? String(areas[0].id) : '');
  const area = areas.find((candidate) => String(candidate.id) === areaId);
  const history = useLoadable(
    (signal) => (areaId ? fetchCoverageHistory(Number(areaId), signal) : Promise.resolve([])),
    areaId,
  );
  const locator = useLocateMe();
  const [takeOff, setTakeOff] = useState<Position | null>(null);
  const gaps = useGapParts(areaId, takeOff);
  const locate = async () => {
    const here = await locator.locate();
    if (here) setTakeOff(here);
  };

  const option = useMemo(() => {
    if (history.state.status !== 'loaded' || !area) return null;
    const points = history.state.value;
    const time = coverageTimeAxis(points, language);
    if (!time) return null;
    const maxCoveredKm2 = Math.max(0, ...points.map((point) => point.coveredKm2));
    // Scaled to what was flown: against an 850 km² axis the first weeks' few km² are a flat
    // line at zero. The area's total is drawn only when it is within reach of the curve.
    const totalInView = area.areaKm2 <= maxCoveredKm2 * 1.5;
    return {
      animation: false,
      // Ticks on the UTC midnights the days are drawn at: in the browser's zone (UTC+8) the
      // "10 March" tick stood eight hours before the 10 March step.
      useUTC: true,
      grid: { left: 64, right: 32, top: 32, bottom: 48 },
      tooltip: {
        trigger: 'axis',
        formatter: (params: { value: [number, number] }[]) => {
          const [dayMs, km2] = params[0]?.value ?? [0, 0];
          return `${time.formatDay(dayMs)}<br/>${t('coverage.covered')}: ${formatAreaKm2(km2, language)}`;
        },
      },
      xAxis: time.axis,
      yAxis: { type: 'value', name: 'km²', min: 0, max: totalInView ? Math.ceil(area.areaKm2) : undefined },
      series: [
        {
          name: t('coverage.covered'),
          type: 'line',
          step: 'end',
          data: time.data,
          itemStyle: { color: '#009e73' },
          areaStyle: { color: 'rgba(0,158,115,0.2)' },
          markLine: {
            symbol: 'none',
            label: { formatter: formatAreaKm2(area.areaKm2, language) },
            lineStyle: { color: '#1f2937', type: 'dashed' },
            data: totalInView ? [{ yAxis: area.areaKm2 }] : [],
          },
        },
      ],
    };
  }, [history.state, area, t, language]);

  if (areas.length === 0) return null;
  return (
    <section className="area-progress" aria-labelledby="area-progress-title">
      <h2 id="area-progress-title">{t('coverage.progressTitle')}</h2>
      <label>
        {t('coverage.area')}{' '}
        <select value={areaId} onChange={(event) => setAreaId(event.target.value)}>
          {areas.map((candidate) => (
            <option key={candidate.id} value={String(candidate.id)}>
              {candidate.name}
            </option>
          ))}
        </select>
      </label>
      <div className="area-progress__grid">
        <div>
          <h3>{t('coverage.overTime')}</h3>
          {history.state.status === 'failed' && (
            <p className="page-note">{t('coverage.historyUnavailable')}</p>
          )}
          {history.state.status === 'loaded' && history.state.value.length === 0 && (
            <p className="page-note">{t('coverage.noHistory')}</p>
          )}
          {option && history.state.status === 'loaded' && history.state.value.length > 0 && (
            <>
              <LazyEChart
                renderer="svg"
                option={option}
                label={t('coverage.chartLabel', { name: area?.name ?? '' })}
              />
              <p className="visually-hidden">
                {history.state.value
                  .map((point) => `${formatDate(point.day)}: ${formatAreaKm2(point.coveredKm2, language)}`)
                  .join('; ')}
              </p>
            </>
          )}
        </div>
        <div>
          <h3>{t('coverage.gapsTitle')}</h3>
          <p>
            <a className="button button--quiet" href={areaGapsKmlUrl(Number(areaId), gapPartKm)} download>
              {t('coverage.downloadKml')}
            </a>
          </p>
          <TakeOffChoice
            takeOff={takeOff}
            locator={locator}
            onLocate={() => void locate()}
            hint={t('coverage.takeOffHint')}
          />
          <GapPartsList gaps={gaps} areaName={area?.name ?? ''} areaId={areaId} />
        </div>
      </div>
    </section>
  );
}
