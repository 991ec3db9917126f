import { useTranslation } from 'react-i18next';
import type { Finding } from '../api/findings-api';
import { formatDateTime, formatDistanceM, formatPercent } from '../i18n/format-units';
import { textIfKnown } from '../i18n/text-if-known';
import { useLanguage } from '../i18n/use-language';
import { findingStatusColours } from '../map/layer-catalogue';
import type { Loadable } from '../survey/use-survey-areas';
import { downloadText, findingsCsv, findingsGeoJson, findingsKml } from './findings-export';

export interface FindingRow {
  finding: Finding;
  /** From the phone's position, once located. */
  distanceKm: number | null;
}

export interface FindingsListProps {
  state: Loadable<Finding[]>;
  /** The findings in the order shown (nearest first once located). */
  rows: readonly FindingRow[];
  selectedId: string | null;
  located: boolean;
  /** The list holds only the user's own findings (a pilot's): its title and empty state say so. */
  ownOnly: boolean;
  onSelect: (id: string) => void;
}

/** The findings as a table (distance or confidence, status, time) with their export as CSV, GeoJSON, KML. */
export function FindingsList({ state, rows, selectedId, located, ownOnly, onSelect }: FindingsListProps) {
  const { t, i18n } = useTranslation();
  const language = useLanguage();
  const list = rows.map((row) => row.finding);

  const exportAs = (format: 'csv' | 'geojson' | 'kml') => {
    const stamp = new Date().toISOString().slice(0, 10);
    if (format === 'csv') downloadText(findingsCsv(list), `findings-${stamp}.csv`, 'text/csv;charset=utf-8');
    if (format === 'geojson')
      downloadText(findingsGeoJson(list), `findings-${stamp}.geojson`, 'application/geo+json');
    if (format === 'kml')
      downloadText(
        findingsKml(list, t('findings.title')),
        `findings-${stamp}.kml`,
        'application/vnd.google-earth.kml+xml',
      );
  };

  return (
    <section className="findings-list" aria-labelledby="findings-list-title">
      <div className="findings-list__head">
        <h2 id="findings-list-title">
          {t(ownOnly ? 'findings.titleMine' : 'findings.title')}
          {located && <small> · {t('fieldWork.nearestFirst')}</small>}
        </h2>
        <div className="findings-list__export" role="group" aria-label={t('fieldWork.export')}>
          <span>{t('fieldWork.export')}</span>
          {(['csv', 'geojson', 'kml'] as const).map((format) => (
            <button
              key={format}
              type="button"
              className="button button--small"
              disabled={list.length === 0}
              onClick={() => exportAs(format)}
            >
              {format === 'geojson' ? 'GeoJSON' : format.toUpperCase()}
            </button>
          ))}
        </div>
      </div>
      {state.status === 'failed' && (
        <p className="page-problem" role="alert">
          {t('common.failed', { message: state.error.message })}
        </p>
      )}
      <table className="data-table findings-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('findings.crop')}</th>
            <th scope="col">{t('findings.status')}</th>
            <th scope="col">{located ? t('fieldWork.distance') : t('findings.confidence')}</th>
            <th scope="col">{t('findings.createdAt')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ finding, distanceKm }) => (
            <tr
              key={finding.id}
              aria-selected={String(finding.id) === selectedId}
              className={String(finding.id) === selectedId ? 'row--selected' : undefined}
            >
              <th scope="row">
                <button type="button" className="link-button" onClick={() => onSelect(String(finding.id))}>
                  {String(finding.id)}
                </button>
              </th>
              <td>{textIfKnown(i18n, `findings.crops.${finding.crop}`, finding.crop)}</td>
              <td>
                <span
                  className="status-dot"
                  style={{
                    ['--dot-colour' as string]:
                      findingStatusColours[finding.status as keyof typeof findingStatusColours] ?? '#999',
                  }}
                />
                {t(`map.findingStatus.${finding.status}`)}
              </td>
              <td>
                {located
                  ? distanceKm === null
                    ? '—'
                    : formatDistanceM(distanceKm * 1000, language)
                  : formatPercent(finding.confidence * 100, language)}
              </td>
              <td>{finding.createdAt ? formatDateTime(finding.createdAt) : '—'}</td>
            </tr>
          ))}
        </tbody>
        {state.status === 'loaded' && rows.length === 0 && (
          <tfoot>
            <tr>
              <td colSpan={5}>{t(ownOnly ? 'findings.emptyMine' : 'findings.empty')}</td>
            </tr>
          </tfoot>
        )}
      </table>
    </section>
  );
}
