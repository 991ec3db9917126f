import { useTranslation } from 'react-i18next';
import { ALERT_SEVERITIES } from '@skywater/core/alerts/alert-signal';
import { coveragePct } from '@skywater/core/survey/coverage/coverage-percent';
import { FINDING_STATUSES } from '@skywater/core/survey/finding-status';
import type { ProvinceComparison, ProvinceComparisonFigures } from '../api/province-api';
import { formatDate, formatNumber, formatPercent } from '../i18n/format-units';
import type { Language } from '../i18n/language';
import { useLanguage } from '../i18n/use-language';
import { officeName } from './province-text';

const DASH = '—';

function interval(value: { lower95: number; upper95: number } | null, language: Language): string {
  return value ? `${formatNumber(value.lower95, language)}–${formatNumber(value.upper95, language)}` : '';
}

/** The cells of one row (an office, or the total) after its rank and name. */
function FigureCells({
  figures,
  testId,
  total = false,
}: {
  figures: ProvinceComparisonFigures;
  testId: string;
  /** The total row: its figures come from each office's own latest round, not from one round. */
  total?: boolean;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const f = figures;
  const change = f.changePercent;
  return (
    <>
      <td>
        {f.round ? (
          <>
            {f.round.name}
            <small className="province-table__sub">{formatDate(f.round.endsOn)}</small>
          </>
        ) : total ? (
          <span className="province-table__none">{t('province.eachLatestRound')}</span>
        ) : (
          <span className="province-table__none">{t('province.noRound')}</span>
        )}
      </td>
      <td className="num">{f.plantsSampled}</td>
      <td className="num">{formatNumber(f.populationServed, language, 0)}</td>
      <td className="num" data-testid={`${testId}-load`}>
        {f.normalisedLoadMgPerDayPer1000 === null
          ? DASH
          : formatNumber(f.normalisedLoadMgPerDayPer1000, language)}
        <small className="province-table__sub">{interval(f.normalisedLoadInterval95, language)}</small>
      </td>
      <td className="num">
        {f.consumptionMgPerDayPer1000 === null ? DASH : formatNumber(f.consumptionMgPerDayPer1000, language)}
        <small className="province-table__sub">{interval(f.consumptionInterval95, language)}</small>
      </td>
      <td className={`num ${change !== null && change > 0 ? 'province-table__up' : ''}`}>
        {change === null ? DASH : `${change > 0 ? '+' : ''}${formatNumber(change, language, 1)}%`}
      </td>
      <td>{f.trend ? t(`province.trend.${f.trend}`) : DASH}</td>
      <td className="province-table__alerts">
        {ALERT_SEVERITIES.slice()
          .reverse()
          .map((s) => (
            <span key={s} className={`province-alert province-alert--${s}`} title={t(`alerts.severity.${s}`)}>
              {t(`alerts.severity.${s}`)} {f.openAlerts[s]}
            </span>
          ))}
      </td>
      <td className="num" data-testid={`${testId}-covered`}>
        {formatNumber(f.coveredToDateKm2, language)} / {formatNumber(f.surveyAreaKm2, language)} km²
        <small className="province-table__sub">
          {formatPercent(coveragePct(f.coveredToDateKm2, f.surveyAreaKm2), language)}
        </small>
      </td>
      <td className="num" data-testid={`${testId}-flown`}>
        {formatNumber(f.flownInPeriodKm2, language)} km²
      </td>
      <td className="province-table__findings">
        {FINDING_STATUSES.filter((s) => f.findings[s] > 0).map((s) => (
          <span key={s}>
            {t(`map.findingStatus.${s}`)} {f.findings[s]}
          </span>
        ))}
        {f.eradicatedM2 > 0 && (
          <small className="province-table__sub">
            {t('province.eradicated', { area: formatNumber(f.eradicatedM2, language, 0) })}
          </small>
        )}
      </td>
    </>
  );
}

/** The ranking: one row per office (rank order), then the total. */
export function ProvinceTable({ view }: { view: ProvinceComparison }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <div className="province-table__scroll">
      <table className="data-table province-table" data-testid="province-table">
        <thead>
          <tr>
            <th scope="col">{t('province.column.rank')}</th>
            <th scope="col">{t('province.column.office')}</th>
            <th scope="col">{t('province.column.round')}</th>
            <th scope="col">{t('province.column.plants')}</th>
            <th scope="col">{t('province.column.population')}</th>
            <th scope="col">
              {t('province.column.load')}
              <small className="province-table__sub">{t('province.loadUnit')} · 95%</small>
            </th>
            <th scope="col">
              {t('province.column.consumption')}
              <small className="province-table__sub">{t('province.loadUnit')} · 95%</small>
            </th>
            <th scope="col">{t('province.column.change')}</th>
            <th scope="col">{t('province.column.trend')}</th>
            <th scope="col">{t('province.column.alerts')}</th>
            <th scope="col">{t('province.column.coveredToDate')}</th>
            <th scope="col">{t('province.column.flownInPeriod')}</th>
            <th scope="col">{t('province.column.findings')}</th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((row) => (
            <tr key={row.office.id} data-testid={`province-row-${row.office.code}`}>
              <td className="num">{row.rank ?? DASH}</td>
              <th scope="row">{officeName(row.office, language)}</th>
              <FigureCells figures={row} testId={`province-row-${row.office.code}`} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="province-table__total" data-testid="province-total">
            <td />
            <th scope="row">{t('province.total', { office: officeName(view.office, language) })}</th>
            <FigureCells figures={view.total} testId="province-total" total />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
