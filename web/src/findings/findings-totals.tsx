import { FINDING_STATUSES } from '@skywater/core/survey/finding-status';
import { useTranslation } from 'react-i18next';
import type { FindingTotal } from '../api/findings-api';
import type { Loadable } from '../survey/use-survey-areas';
import { formatNumber } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { findingStatusColours } from '../map/layer-catalogue';

export interface FindingsTotalsProps {
  totals: Loadable<FindingTotal[]>;
  /** Counted over the user's own findings (a pilot's), else over every finding of the office. */
  ownOnly: boolean;
  /** With `ownOnly`: how many findings the whole office has, said under the table. */
  officeCount: number | null;
}

/** How many findings a totals reply counts, at every status. */
export function findingCount(totals: readonly FindingTotal[]): number {
  const { byStatus } = allAreas(totals);
  return Object.values(byStatus).reduce((sum, count) => sum + (count ?? 0), 0);
}

/** The sum of every area's line: the whole office's findings and eradications. */
export function allAreas(totals: readonly FindingTotal[]): Omit<FindingTotal, 'areaId' | 'areaName'> {
  const byStatus: FindingTotal['byStatus'] = {};
  for (const line of totals)
    for (const status of FINDING_STATUSES)
      byStatus[status] = (byStatus[status] ?? 0) + (line.byStatus[status] ?? 0);
  return {
    byStatus,
    plantsEradicated: totals.reduce((sum, line) => sum + line.plantsEradicated, 0),
    areaEradicatedM2: totals.reduce((sum, line) => sum + line.areaEradicatedM2, 0),
  };
}

/**
 * Every survey area's findings at each status and the plants and ground eradicated there, with
 * their sum (`GET /api/findings/totals`): a pilot's own findings, as their list holds them, with
 * the office's count beside; an analyst's, every finding of the office. The title says which.
 */
export function FindingsTotals({ totals, ownOnly, officeCount }: FindingsTotalsProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (totals.status === 'loading') return null;
  if (totals.status === 'failed')
    return (
      <p className="page-note" role="status">
        {t('findings.totals.failed')}
      </p>
    );
  const lines = totals.value;
  const sum = allAreas(lines);
  const cells = (line: Omit<FindingTotal, 'areaId' | 'areaName'>) => (
    <>
      {FINDING_STATUSES.map((status) => (
        <td key={status} className="findings-totals__count">
          {formatNumber(line.byStatus[status] ?? 0, language, 0)}
        </td>
      ))}
      <td className="findings-totals__count">{formatNumber(line.plantsEradicated, language, 0)}</td>
      <td className="findings-totals__count">{formatNumber(line.areaEradicatedM2, language, 0)}</td>
    </>
  );
  return (
    <section className="findings-totals" aria-labelledby="findings-totals-title">
      <h2 id="findings-totals-title">{t(ownOnly ? 'findings.totals.titleMine' : 'findings.totals.title')}</h2>
      <div className="table-scroll">
        <table
          className="data-table data-table--compact findings-totals__table"
          data-testid="findings-totals"
        >
          <thead>
            <tr>
              <th scope="col">{t('findings.area')}</th>
              {FINDING_STATUSES.map((status) => (
                <th key={status} scope="col" className="findings-totals__count">
                  <span
                    className="status-dot"
                    style={{ ['--dot-colour' as string]: findingStatusColours[status] ?? '#999' }}
                  />
                  {t(`map.findingStatus.${status}`)}
                </th>
              ))}
              <th scope="col" className="findings-totals__count">
                {t('findings.totals.plants')}
              </th>
              <th scope="col" className="findings-totals__count">
                {t('findings.totals.areaM2')}
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.areaId ?? 'none'} data-area-id={line.areaId ?? ''}>
                <th scope="row">{line.areaName ?? t('findings.totals.outsideAreas')}</th>
                {cells(line)}
              </tr>
            ))}
          </tbody>
          <tfoot>
            {lines.length === 0 ? (
              <tr>
                <td colSpan={FINDING_STATUSES.length + 3}>
                  {t(ownOnly ? 'findings.emptyMine' : 'findings.empty')}
                </td>
              </tr>
            ) : (
              <tr className="findings-totals__sum">
                <th scope="row">{t('findings.totals.allAreas')}</th>
                {cells(sum)}
              </tr>
            )}
          </tfoot>
        </table>
      </div>
      {ownOnly && officeCount !== null && (
        <p className="page-note" data-testid="findings-office-count">
          {t('findings.totals.officeAll', { count: officeCount })}
        </p>
      )}
    </section>
  );
}
