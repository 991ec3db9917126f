import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLabReport, type LabImportMode, type ShownLabReport } from '../api/lab-imports-api';
import { fetchRounds } from '../api/rounds-api';
import { postFormWithProgress } from '../api/upload-with-progress';
import { loadedOr, useLoadable } from '../app/use-loadable';
import { formatNumber } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { ApiProblem } from '../layout/api-problem';
import { useFormSubmit } from '../layout/use-form-submit';
import { ImportReport } from './import-report';

type OdmReport = ShownLabReport & { rowsUnmapped?: number };
type OdmTable = 'samples' | 'measures' | 'sites';

/**
 * PHES-ODM v2 tables (`POST /api/lab/imports/phes-odm`): the samples and measures tables (and
 * optionally sites) of one round, checked first (dry run), then imported, all or only the valid
 * rows, with the same report as a template file. Measures the template cannot hold are counted.
 */
export function PhesOdmImport() {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const rounds = useLoadable(fetchRounds);
  const roundList = loadedOr(rounds.state, []).filter((round) => !round.closedAt);
  const [files, setFiles] = useState<Partial<Record<OdmTable, File>>>({});
  const [round, setRound] = useState('');
  const [report, setReport] = useState<OdmReport | null>(null);
  const [checked, setChecked] = useState(false);
  const sending = useFormSubmit();
  const busy = sending.pending;
  const [problem, setProblem] = useState<string | null>(null);
  const chosenRound = round || roundList[roundList.length - 1]?.name || '';

  const send = async (dryRun: boolean, mode: LabImportMode = 'all-or-nothing') => {
    if (!files.samples || !files.measures || !chosenRound) {
      setProblem(t('phesOdm.needFiles'));
      return;
    }
    setProblem(null);
    const form = new FormData();
    form.append('round', chosenRound);
    for (const table of ['samples', 'measures', 'sites'] as const) {
      const file = files[table];
      if (file) form.append(table, file, file.name);
    }
    const params = new URLSearchParams();
    if (dryRun) params.set('dryRun', 'true');
    if (mode === 'valid-only') params.set('mode', 'valid-only');
    const outcome = await sending.send(() =>
      postFormWithProgress<OdmReport>(`/api/lab/imports/phes-odm?${params}`, form, { isAnswer: isLabReport }),
    );
    if (outcome.sent) {
      setReport({ ...outcome.value, errors: outcome.value.errors ?? [] });
      setChecked(dryRun);
    } else if (outcome.refused) setReport(null);
  };

  const errors = report?.errors ?? [];
  const validRows = report?.rowsValid ?? Math.max(0, (report?.rowsTotal ?? 0) - (report?.rowsRejected ?? 0));
  const fileInput = (table: OdmTable) => (
    <label htmlFor={`${id}-${table}`}>
      {t(`phesOdm.${table}`)}
      <input
        id={`${id}-${table}`}
        type="file"
        name={table}
        accept=".csv,text/csv"
        data-testid={`phes-odm-${table}`}
        onChange={(event) => {
          setFiles({ ...files, [table]: event.target.files?.[0] });
          setReport(null);
          setChecked(false);
        }}
      />
    </label>
  );

  return (
    <details className="phes-odm-import" data-testid="phes-odm-import">
      <summary>{t('phesOdm.title')}</summary>
      <p className="hint">{t('phesOdm.intro')}</p>
      <div className="form-grid">
        {fileInput('samples')}
        {fileInput('measures')}
        {fileInput('sites')}
        <label htmlFor={`${id}-round`}>
          {t('phesOdm.round')}
          <select
            id={`${id}-round`}
            name="round"
            value={chosenRound}
            onChange={(event) => setRound(event.target.value)}
          >
            {[...roundList].reverse().map((option) => (
              <option key={option.id} value={option.name}>
                {option.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {problem && <p className="field-problem">{problem}</p>}
      <p>
        <button type="button" className="button" disabled={busy} onClick={() => void send(true)}>
          {busy ? t('common.working') : t('phesOdm.check')}
        </button>
      </p>
      {sending.refusal !== null && <ApiProblem error={sending.refusal} />}
      {report && (
        <section data-testid="phes-odm-report" data-status={report.status}>
          <ImportReport report={report}>
            {(report.rowsUnmapped ?? 0) > 0 && (
              <p className="hint">
                {t('phesOdm.unmapped', {
                  count: report.rowsUnmapped,
                  shown: formatNumber(report.rowsUnmapped ?? 0, language, 0),
                })}
              </p>
            )}
            {checked && (
              <button
                type="button"
                className="button button--primary"
                disabled={busy || validRows === 0}
                onClick={() => void send(false, errors.length > 0 ? 'valid-only' : 'all-or-nothing')}
                data-testid="phes-odm-import-button"
              >
                {errors.length > 0
                  ? t('labReport.importValid', {
                      count: validRows,
                      shown: formatNumber(validRows, language, 0),
                    })
                  : t('labReport.importAll', {
                      count: validRows,
                      shown: formatNumber(validRows, language, 0),
                    })}
              </button>
            )}
          </ImportReport>
        </section>
      )}
    </details>
  );
}
