import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { analyteLabel, fetchAnalytes } from '../api/analytes-api';
import { fetchOffices, type Office } from '../api/offices-api';
import { provinceBulletinHtmlUrl, provinceBulletinPdfUrl } from '../api/reports-api';
import { loadedOr, useLoadable } from '../app/use-loadable';
import { useLanguage } from '../i18n/use-language';
import { DateInput } from '../layout/date-input';

/** The offices whose sub-offices a bulletin can compare: those with at least one office below them. */
export function comparableOffices(offices: readonly Office[]): Office[] {
  const parents = new Set(offices.map((office) => office.parentId));
  return offices.filter((office) => parents.has(office.id));
}

/**
 * The province bulletin (`/api/reports/province-bulletin.pdf`): pick the office whose cities and
 * counties are compared (the user's own by default), a period (empty: the twelve months holding
 * the latest results) and the analyte, and download the PDF or open the HTML.
 */
export function ProvinceBulletinForm() {
  const { t } = useTranslation();
  const language = useLanguage();
  const offices = useLoadable(fetchOffices);
  const analytes = useLoadable(fetchAnalytes);
  const [officeId, setOfficeId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [analyte, setAnalyte] = useState('METH');
  const choices = comparableOffices(loadedOr(offices.state, []));
  const officeNameOf = (office: Office) => (language === 'zh-CN' ? office.nameZh : office.nameEn);
  const query = { officeId, from, to, analyte, lang: language };
  const periodFine = !from || !to || from <= to;

  return (
    <section className="province-bulletin" aria-labelledby="province-bulletin-title">
      <h2 id="province-bulletin-title">{t('reports.province.title')}</h2>
      <p className="page__intro">{t('reports.province.intro')}</p>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        {choices.length > 0 && (
          <label>
            {t('reports.province.office')}
            <select
              value={officeId}
              onChange={(event) => setOfficeId(event.target.value)}
              data-testid="province-bulletin-office"
            >
              <option value="">{t('reports.province.ownOffice')}</option>
              {choices.map((office) => (
                <option key={office.id} value={String(office.id)}>
                  {officeNameOf(office)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('reports.province.from')}
          <DateInput value={from} max={to || undefined} onChange={setFrom} />
        </label>
        <label>
          {t('reports.province.to')}
          <DateInput value={to} min={from || undefined} onChange={setTo} />
        </label>
        <label>
          {t('reports.province.analyte')}
          <select value={analyte} onChange={(event) => setAnalyte(event.target.value)}>
            {loadedOr(analytes.state, []).map((candidate) => (
              <option key={candidate.code} value={candidate.code}>
                {analyteLabel(candidate.code, loadedOr(analytes.state, []), language)}
              </option>
            ))}
            {analytes.state.status !== 'loaded' && <option value={analyte}>{analyte}</option>}
          </select>
        </label>
        {periodFine ? (
          <>
            <a
              className="button button--primary"
              href={provinceBulletinPdfUrl(query)}
              download
              data-testid="province-bulletin-pdf"
            >
              {t('reports.province.downloadPdf')}
            </a>
            <a
              className="button button--quiet"
              href={provinceBulletinHtmlUrl(query)}
              target="_blank"
              rel="noopener"
            >
              {t('reports.openHtml')}
            </a>
          </>
        ) : (
          <p className="page-note" role="alert">
            {t('reports.province.periodReversed')}
          </p>
        )}
      </form>
      <p className="page-note">{t('reports.province.periodHint')}</p>
    </section>
  );
}
