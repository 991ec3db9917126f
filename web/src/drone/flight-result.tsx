import { useTranslation } from 'react-i18next';
import type { FlightProgressReply, FlightSummary } from '../api/flights-api';
import {
  formatDateTime,
  formatDistanceM,
  formatDurationS,
  formatNumber,
  formatPercent,
} from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { ProgressBar } from '../layout/progress-bar';
import { CoverageBar } from '../survey/coverage-bar';
import { processedFraction } from './flight-progress';

/** Where the workers stand with an uploaded flight. */
export type FlightStage = 'uploading' | 'processing' | 'finished';

/**
 * The uploaded flight: its figures, the workers' progress on its photos and its area's
 * coverage as the live stream reports them, with what the flight added since the upload began.
 */
export function FlightResult({
  flight,
  progress,
  stage,
  startCoveredKm2,
}: {
  flight: FlightSummary;
  progress: FlightProgressReply | null;
  stage: FlightStage;
  startCoveredKm2: number | null;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const images = progress?.images;
  const area = progress?.area;
  return (
    <section className="flight-result" aria-labelledby="flight-result-title">
      <h2 id="flight-result-title">{t('flights.flightTitle', { id: flight.id })}</h2>
      <dl className="facts">
        <dt>{t('flights.points')}</dt>
        <dd>{formatNumber(flight.pointCount, language, 0)}</dd>
        <dt>{t('flights.distance')}</dt>
        <dd>{formatDistanceM(flight.distanceM, language)}</dd>
        <dt>{t('flights.duration')}</dt>
        <dd>{flight.durationS === null ? '—' : formatDurationS(flight.durationS, language)}</dd>
        <dt>{t('flights.startedAt')}</dt>
        <dd>{flight.startedAt === null ? '—' : formatDateTime(flight.startedAt)}</dd>
      </dl>
      {images && (
        <ProgressBar
          label={t('flights.processing')}
          fraction={processedFraction(images)}
          detail={t('flights.processingDetail', {
            done: images.done,
            failed: images.failed,
            total: images.total,
          })}
        />
      )}
      <p role="status">
        {stage === 'finished'
          ? t('flights.finished')
          : stage === 'processing'
            ? t('flights.workersBusy')
            : ''}
      </p>
      {area && (
        <div
          className="flight-result__coverage"
          data-testid="flight-coverage"
          data-covered-km2={area.coveredKm2}
        >
          <h3>{t('flights.coverageOf', { name: area.name })}</h3>
          <CoverageBar
            label={t('coverage.progressLabel', { name: area.name })}
            coveredKm2={area.coveredKm2}
            areaKm2={area.areaKm2}
            coveragePct={area.coveragePct}
          />
          <p>
            {formatPercent(area.coveragePct, language)}
            {startCoveredKm2 !== null &&
              area.coveredKm2 > startCoveredKm2 &&
              ` · ${t('flights.coverageGrew', { km2: formatNumber(area.coveredKm2 - startCoveredKm2, language) })}`}
          </p>
        </div>
      )}
    </section>
  );
}
