import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchLabImport, fetchLabImports, type ShownLabReport } from '../api/lab-imports-api';
import { useLoadable } from '../app/use-loadable';
import { formatDateTime, formatNumber } from '../i18n/format-units';
import { textIfKnown } from '../i18n/text-if-known';
import { useLanguage } from '../i18n/use-language';
import { ImportReport } from './import-report';

/** One batch's stored report, read when the batch is opened. */
function BatchReport({ id }: { id: number }) {
  const { t } = useTranslation();
  const batch = useLoadable((signal) => fetchLabImport(id, signal), String(id));
  if (batch.state.status === 'loading') return <p className="screen-loading">{t('common.loading')}</p>;
  if (batch.state.status === 'failed')
    return <p className="page-problem">{t('common.failed', { message: batch.state.error.message })}</p>;
  const stored = batch.state.value;
  const report: ShownLabReport = {
    // A batch is stored as `imported` or `partial` (some rows refused, the rest written).
    status: stored.status === 'partial' ? 'imported' : (stored.status as ShownLabReport['status']),
    rowsTotal: stored.report?.rowsTotal ?? stored.rowsTotal,
    rowsImported: stored.report?.rowsImported ?? stored.rowsImported,
    rowsUnchanged: stored.report?.rowsUnchanged ?? stored.rowsUnchanged ?? 0,
    rowsRejected: stored.report?.rowsRejected ?? stored.rowsRejected ?? 0,
    rowsValid: stored.report?.rowsValid,
    errors: stored.report?.errors ?? [],
    errorsTruncated: stored.report?.errorsTruncated,
  };
  return (
    <section className="batch-report" aria-labelledby={`batch-${id}`} data-testid="batch-report">
      <h2 id={`batch-${id}`}>{t('labImports.reportOf', { id, file: stored.fileName })}</h2>
      <ImportReport report={report} problemsOpen />
    </section>
  );
}

/** The lab's import batches, newest first; a batch opens its validation report. */
export default function LabImportsScreen() {
  const { t, i18n } = useTranslation();
  const language = useLanguage();
  const batches = useLoadable(fetchLabImports);
  const [opened, setOpened] = useState<number | null>(null);
  const count = (value: number | null | undefined) =>
    value === null || value === undefined ? '—' : formatNumber(value, language, 0);
  return (
    <div className="page lab-imports-screen">
      <h1>{t('labImports.title')}</h1>
      <p className="page__intro">{t('labImports.intro')}</p>
      {batches.state.status === 'failed' && (
        <p className="page-problem">{t('common.failed', { message: batches.state.error.message })}</p>
      )}
      {batches.state.status === 'loaded' && batches.state.value.length === 0 && (
        <p className="hint">{t('labImports.empty')}</p>
      )}
      {batches.state.status === 'loaded' && batches.state.value.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="imports-table">
            <thead>
              <tr>
                <th scope="col">{t('labImports.at')}</th>
                <th scope="col">{t('labImports.file')}</th>
                <th scope="col">{t('labImports.status')}</th>
                <th scope="col">{t('labImports.mode')}</th>
                <th scope="col">{t('labImports.total')}</th>
                <th scope="col">{t('labImports.imported')}</th>
                <th scope="col">{t('labImports.unchanged')}</th>
                <th scope="col">{t('labImports.rejected')}</th>
                <th scope="col">{t('labImports.by')}</th>
                <th scope="col">{t('labImports.report')}</th>
              </tr>
            </thead>
            <tbody>
              {batches.state.value.map((batch) => (
                <tr
                  key={batch.id}
                  data-batch={batch.id}
                  className={batch.id === opened ? 'row--selected' : undefined}
                >
                  <td>{formatDateTime(batch.createdAt)}</td>
                  <th scope="row">
                    {batch.fileName} <span className="hint">({batch.format.toUpperCase()})</span>
                  </th>
                  <td>{textIfKnown(i18n, `labImports.state.${batch.status}`, batch.status)}</td>
                  <td>
                    {batch.mode ? textIfKnown(i18n, `labImports.modeName.${batch.mode}`, batch.mode) : '—'}
                  </td>
                  <td>{count(batch.rowsTotal)}</td>
                  <td>{count(batch.rowsImported)}</td>
                  <td>{count(batch.rowsUnchanged)}</td>
                  <td>{count(batch.rowsRejected)}</td>
                  <td>{batch.uploadedBy ?? t('audit.system')}</td>
                  <td>
                    <button
                      type="button"
                      className="button button--small"
                      aria-expanded={batch.id === opened}
                      onClick={() => setOpened(batch.id === opened ? null : batch.id)}
                    >
                      {t('labImports.open')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {opened !== null && <BatchReport id={opened} />}
    </div>
  );
}
