import type { Position } from 'geojson';
import { useTranslation } from 'react-i18next';
import type { Finding, FindingEvent, FindingWithEvents } from '../api/findings-api';
import {
  formatDateTime,
  formatDistanceM,
  formatNumber,
  formatPercent,
  formatPosition,
} from '../i18n/format-units';
import { textIfKnown } from '../i18n/text-if-known';
import { useLanguage } from '../i18n/use-language';
import { distanceKm } from '../map/distance-km';
import { PhotoThumb } from './evidence-gallery';
import { findingPoint } from './finding-point';
import type { StepId } from './finding-step-dialog';

interface StepPhoto {
  imageId?: number;
  name?: string;
  sha256?: string;
}

function photosOf(event: FindingEvent): StepPhoto[] {
  const photos = event.detail?.photos;
  return Array.isArray(photos) ? (photos as StepPhoto[]) : [];
}

function numberOf(detail: FindingEvent['detail'], key: string): number | null {
  const value = detail?.[key];
  return typeof value === 'number' ? value : null;
}

/**
 * One finding: its chain with every step's details (team, outcome, plants, eradicated area,
 * method, photos, who recorded it), its evidence as photos, and the steps the user may take.
 */
export function FindingDetail({
  finding,
  areaName,
  steps,
  here,
  onStep,
}: {
  /** The list's finding until its chain (with events) has come. */
  finding: Finding | FindingWithEvents;
  areaName: string | null;
  /** The steps this user's roles allow from the finding's status. */
  steps: readonly StepId[];
  /** The user's position, when located: the distance to the plot is shown. */
  here: Position | null;
  onStep: (step: StepId) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = useLanguage();
  const point = findingPoint(finding.geometry);
  return (
    <section className="finding-detail" aria-labelledby="finding-detail">
      <h2 id="finding-detail">{t('findings.detail', { id: finding.id })}</h2>
      <dl className="finding-detail__facts">
        <dt>{t('findings.status')}</dt>
        <dd>
          <strong>{t(`map.findingStatus.${finding.status}`)}</strong>
        </dd>
        <dt>{t('findings.crop')}</dt>
        <dd>{textIfKnown(i18n, `findings.crops.${finding.crop}`, finding.crop)}</dd>
        <dt>{t('findings.confidence')}</dt>
        <dd>{formatPercent(finding.confidence * 100, language)}</dd>
        <dt>{t('fieldWork.source')}</dt>
        <dd>
          {finding.source ? textIfKnown(i18n, `fieldWork.sources.${finding.source}`, finding.source) : '—'}
        </dd>
        <dt>{t('findings.area')}</dt>
        <dd>{areaName ?? t('fieldWork.areaUnknown')}</dd>
        {point && (
          <>
            <dt>{t('surveyMap.partPlace')}</dt>
            <dd>
              {formatPosition(point, language)}
              {here && (
                <>
                  {' · '}
                  <strong className="finding-detail__distance">
                    {t('fieldWork.youAreAt', {
                      distance: formatDistanceM(distanceKm(here, point) * 1000, language),
                    })}
                  </strong>
                </>
              )}
            </dd>
          </>
        )}
      </dl>
      {finding.note && <p className="finding-detail__note">{finding.note}</p>}

      <div className="row-actions finding-detail__actions">
        {steps.length === 0 && <p className="page-note">{t('fieldWork.noActions')}</p>}
        {steps.map((candidate) => (
          <button
            key={candidate}
            type="button"
            className="button button--primary"
            onClick={() => onStep(candidate)}
          >
            {t(`findings.step.${candidate}`)}
          </button>
        ))}
      </div>

      {(finding.evidence ?? []).length > 0 && (
        <>
          <h3>{t('findings.evidence')}</h3>
          <ul className="gallery__grid">
            {(finding.evidence ?? []).map((evidence, index) => (
              <li key={index}>
                {evidence.imageId !== undefined ? (
                  <a href={`/api/images/${evidence.imageId}/preview`} target="_blank" rel="noreferrer">
                    <PhotoThumb id={evidence.imageId} name={evidence.name} />
                  </a>
                ) : (
                  <span>{evidence.name ?? '—'}</span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}

      <h3>{t('fieldWork.chainTitle')}</h3>
      <ol className="chain">
        <li className="chain__step">
          <strong>{t('map.findingStatus.suspected')}</strong>
          {finding.createdAt && ` · ${formatDateTime(finding.createdAt)}`}
        </li>
        {('events' in finding ? finding.events : []).map((event, index) => {
          const plants = numberOf(event.detail, 'plants');
          const areaM2 = numberOf(event.detail, 'areaM2');
          const method = event.detail?.method;
          const note = event.detail?.note ?? event.detail?.reason;
          const photos = photosOf(event);
          return (
            <li key={index} className="chain__step">
              <strong>{textIfKnown(i18n, `findings.event.${event.kind}`, event.kind)}</strong>
              {` · ${formatDateTime(event.at)}`}
              <dl className="chain__facts">
                {event.team && (
                  <>
                    <dt>{t('findings.team')}</dt>
                    <dd>{event.team}</dd>
                  </>
                )}
                {event.outcome && (
                  <>
                    <dt>{t('fieldWork.outcome')}</dt>
                    <dd>
                      {textIfKnown(
                        i18n,
                        `findings.outcome.${event.outcome}`,
                        textIfKnown(i18n, `map.findingStatus.${event.outcome}`, event.outcome),
                      )}
                    </dd>
                  </>
                )}
                {plants !== null && (
                  <>
                    <dt>{t('findings.plants')}</dt>
                    <dd>{formatNumber(plants, language, 0)}</dd>
                  </>
                )}
                {areaM2 !== null && (
                  <>
                    <dt>{t('findings.areaM2')}</dt>
                    <dd>{formatNumber(areaM2, language)} m²</dd>
                  </>
                )}
                {typeof method === 'string' && (
                  <>
                    <dt>{t('fieldWork.method')}</dt>
                    <dd>{method}</dd>
                  </>
                )}
                {event.actor && (
                  <>
                    <dt>{t('fieldWork.actor')}</dt>
                    <dd>{event.actor}</dd>
                  </>
                )}
              </dl>
              {typeof note === 'string' && <p className="chain__note">{note}</p>}
              {photos.length > 0 && (
                <ul className="gallery__grid" aria-label={t('fieldWork.photos')}>
                  {photos.map((photo, photoIndex) => (
                    <li key={photoIndex}>
                      {photo.imageId !== undefined ? (
                        <PhotoThumb id={photo.imageId} name={photo.name} />
                      ) : (
                        <span>{photo.name}</span>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
