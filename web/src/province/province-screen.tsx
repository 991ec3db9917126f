import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { analyteLabel, fetchAnalytes } from '../api/analytes-api';
import { fetchOffices } from '../api/offices-api';
import {
  fetchProvinceComparison,
  provinceComparisonCsvUrl,
  type ProvinceComparisonQuery,
} from '../api/province-api';
import { provinceBulletinPdfUrl } from '../api/reports-api';
import { loadedOr, useLoadable } from '../app/use-loadable';
import { useLanguage } from '../i18n/use-language';
import { ApiProblem } from '../layout/api-problem';
import { DateInput } from '../layout/date-input';
import { ProvinceLoadChart } from './province-load-chart';
import { ProvinceTable } from './province-table';
import { officeName } from './province-text';
import './province.css';

/**
 * 全省对比 Province comparison: the offices below one side by side for a period and an analyte
 * (`GET /api/province/comparison`), ranked by normalised load, with a bar chart of the loads and
 * their intervals, the total, and the same table as CSV. Opened without dates, the server picks
 * the twelve months holding the office's latest round; the pickers then show that period.
 */
export default function ProvinceScreen() {
  const { t } = useTranslation();
  const language = useLanguage();
  const [query, setQuery] = useState<ProvinceComparisonQuery>({
    officeId: '',
    from: '',
    to: '',
    analyte: 'METH',
  });
  const comparison = useLoadable((signal) => fetchProvinceComparison(query, signal), JSON.stringify(query));
  const analytes = useLoadable(fetchAnalytes);
  const offices = useLoadable(fetchOffices);
  const view = loadedOr(comparison.state, null);

  // The period the server chose (or was given) fills the pickers.
  useEffect(() => {
    if (view && (!query.from || !query.to || !query.officeId))
      setQuery((q) => ({ ...q, from: view.from, to: view.to, officeId: String(view.office.id) }));
  }, [view, query.from, query.to, query.officeId]);

  const set = (field: keyof ProvinceComparisonQuery) => (event: { target: { value: string } }) =>
    setQuery((q) => ({ ...q, [field]: event.target.value }));
  const hasRound = view?.rows.some((r) => r.round !== null) ?? false;

  return (
    <div className="page province-screen">
      <h1>{t('province.title')}</h1>
      <p className="page__intro">{t('province.intro')}</p>
      <form className="filters" onSubmit={(event) => event.preventDefault()} noValidate>
        <label>
          {t('province.office')}
          <select value={query.officeId} onChange={set('officeId')} data-testid="province-office">
            {loadedOr(offices.state, []).map((office) => (
              <option key={office.id} value={String(office.id)}>
                {officeName(office, language)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('province.from')}
          <DateInput
            value={query.from}
            max={query.to || undefined}
            onChange={(value) => set('from')({ target: { value } })}
            data-testid="province-from"
          />
        </label>
        <label>
          {t('province.to')}
          <DateInput
            value={query.to}
            min={query.from || undefined}
            onChange={(value) => set('to')({ target: { value } })}
            data-testid="province-to"
          />
        </label>
        <label>
          {t('province.analyte')}
          <select value={query.analyte} onChange={set('analyte')} data-testid="province-analyte">
            {loadedOr(analytes.state, []).map((a) => (
              <option key={a.code} value={a.code}>
                {analyteLabel(a.code, loadedOr(analytes.state, []), language)}
              </option>
            ))}
          </select>
        </label>
        {view && (
          <a
            className="button button--primary"
            href={provinceComparisonCsvUrl(query)}
            download
            data-testid="province-csv"
          >
            {t('province.downloadCsv')}
          </a>
        )}
        {view && (
          <a
            className="button button--quiet"
            href={provinceBulletinPdfUrl({ ...query, lang: language })}
            download
            data-testid="province-bulletin-pdf"
          >
            {t('reports.province.downloadPdf')}
          </a>
        )}
      </form>
      {comparison.state.status === 'failed' && <ApiProblem error={comparison.state.error} />}
      {comparison.state.status === 'loading' && <p className="screen-loading">{t('common.loading')}</p>}
      {view && (
        <>
          <p className="province-screen__period" data-testid="province-period">
            {t(
              view.rows.length === 1 && view.rows[0]!.office.id === view.office.id
                ? 'province.periodAlone'
                : 'province.period',
              {
                office: officeName(view.office, language),
                analyte: language === 'zh-CN' ? view.analyte.nameZh : view.analyte.nameEn,
                from: view.from,
                to: view.to,
              },
            )}
            {view.analyte.provisional && <strong> {t('province.provisional')}</strong>}
          </p>
          {view.rows.length === 0 ? (
            <p className="page-note" role="status" data-testid="province-empty">
              {t('province.noOffices')}
            </p>
          ) : (
            <>
              {!hasRound && (
                <p className="page-note" role="status" data-testid="province-empty">
                  {t('province.noRoundInPeriod')}
                </p>
              )}
              {hasRound && (
                <figure className="province-chart">
                  <figcaption>{t('province.chartTitle')}</figcaption>
                  <ProvinceLoadChart rows={view.rows} />
                </figure>
              )}
              <ProvinceTable view={view} />
              <p className="page-note">{t('province.method')}</p>
            </>
          )}
        </>
      )}
    </div>
  );
}
