import type { Position } from 'geojson';
import { useTranslation } from 'react-i18next';
import { downloadText } from '../findings/findings-export';
import { formatAreaKm2, formatDistanceM, formatPosition } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import type { LocateMe } from '../map/use-locate-me';
import { type GapPart, gapPartGeoJson, gapPartKm, gapPartKml } from './gap-parts';
import type { GapPartsOfArea } from './use-gap-parts';

/** Rows of the parts list; the whole-area KML has them all. */
const partListLimit = 30;

export interface TakeOffChoiceProps {
  takeOff: Position | null;
  locator: LocateMe;
  onLocate: () => void;
  /** The hint when no point is chosen yet (the survey map also takes a click on the map). */
  hint: string;
}

/** "Locate me" and the chosen take-off point the parts' distances are measured from. */
export function TakeOffChoice({ takeOff, locator, onLocate, hint }: TakeOffChoiceProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <>
      <div className="gap-take-off">
        <button type="button" className="button button--quiet" onClick={onLocate} disabled={locator.busy}>
          {locator.busy ? t('common.working') : t('surveyMap.locateMe')}
        </button>
        <span>
          {takeOff ? t('surveyMap.takeOffAt', { position: formatPosition(takeOff, language) }) : hint}
        </span>
      </div>
      {locator.problem && (
        <p className="form-problem" role="alert">
          {t(`surveyMap.locateProblem.${locator.problem}`)}
        </p>
      )}
    </>
  );
}

export interface GapPartsListProps {
  gaps: GapPartsOfArea;
  /** Names the downloaded files and their placemarks. */
  areaName: string;
  areaId: string;
  /** A click on a part's place (the survey map flies there); plain text without it. */
  onShowPart?: (centre: Position) => void;
}

/**
 * An area's gaps as parts a team can fly: size, place and distance from the take-off point,
 * each part downloadable as KML (DJI Pilot 2 imports it) and GeoJSON.
 */
export function GapPartsList({ gaps, areaName, areaId, onShowPart }: GapPartsListProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { state, parts } = gaps;
  if (state.status === 'failed') return <p className="page-note">{t('coverage.gapsUnavailable')}</p>;
  if (state.status === 'loading') return <p role="status">{t('common.loading')}</p>;
  const fileBase = `${areaName || `area-${areaId}`}-gap`;
  const place = (part: GapPart) => (part.centre ? formatPosition(part.centre, language, 4) : '—');
  const download = (part: GapPart, format: 'kml' | 'geojson') =>
    format === 'kml'
      ? downloadText(
          gapPartKml(part, `${areaName} #${part.rank}`),
          `${fileBase}-${part.rank}.kml`,
          'application/vnd.google-earth.kml+xml',
        )
      : downloadText(
          gapPartGeoJson(part, `${areaName} #${part.rank}`),
          `${fileBase}-${part.rank}.geojson`,
          'application/geo+json',
        );
  const summary = t('surveyMap.partsCaption', {
    count: parts.length,
    total: formatAreaKm2(
      parts.reduce((sum, part) => sum + part.areaKm2, 0),
      language,
    ),
    side: gapPartKm,
  });
  return (
    <>
      <p className="gap-parts-summary" aria-hidden="true">
        {summary}
        {onShowPart && (
          <>
            <br />
            {t('surveyMap.partsNote')}
          </>
        )}
      </p>
      {/* Fits the panel at 1440 × 900 (the place on two lines, the downloads stacked); scrolls in its
        frame only where narrower still, the download buttons reachable. */}
      <div className="table-scroll">
        <table className="data-table data-table--compact gap-parts-table">
          {/* Given above the scrolling frame too, where it wraps to the panel's width rather than
            run off under the frame's edge with the table. */}
          <caption className="visually-hidden">{summary}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('surveyMap.partSize')}</th>
              <th scope="col">{t('surveyMap.partPlace')}</th>
              <th scope="col">{t('surveyMap.partDistance')}</th>
              <th scope="col">{t('surveyMap.partDownload')}</th>
            </tr>
          </thead>
          <tbody>
            {parts.slice(0, partListLimit).map((part) => (
              <tr key={part.rank}>
                <th scope="row">{part.rank}</th>
                <td>{formatAreaKm2(part.areaKm2, language)}</td>
                <td className="gap-parts-table__place">
                  {onShowPart && part.centre ? (
                    <button type="button" className="link-button" onClick={() => onShowPart(part.centre!)}>
                      {place(part)}
                    </button>
                  ) : (
                    place(part)
                  )}
                </td>
                <td>{part.distanceKm === null ? '—' : formatDistanceM(part.distanceKm * 1000, language)}</td>
                <td>
                  <div className="gap-parts-table__downloads">
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => download(part, 'kml')}
                    >
                      KML
                    </button>
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => download(part, 'geojson')}
                    >
                      GeoJSON
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
