import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import {
  chineseMessageOf,
  commitLabDryRun,
  type ShownLabReport,
  labTemplateCsvUrl,
  labTemplateXlsxUrl,
  reportFromErrorDetails,
  type LabImportMode,
  uploadLabFile,
} from '../api/lab-imports-api';
import { type UploadProgress, uploadFraction } from '../api/upload-with-progress';
import { formatBytes, formatNumber } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { FileDropZone } from '../layout/file-drop-zone';
import { ProgressBar } from '../layout/progress-bar';
import { ImportReport } from '../lab/import-report';
import { PhesOdmImport } from '../lab/phes-odm-import';
import { decodeLabCsv } from '../lab/preview-text';
import { parseCsvPreview } from './csv-preview';
import { LabFilePreview, previewRowLimit } from './lab-file-preview';

type Phase = 'idle' | 'checking' | 'checked' | 'importing' | 'done' | 'failed';

/** Only the start of a large file is read for the preview; the rest is the server's work. */
const previewBytes = 2 * 1024 * 1024;

function isCsv(file: File): boolean {
  return /\.csv$/i.test(file.name) || file.type === 'text/csv';
}

/** A refused upload turned into a report, so the user sees the same table either way. */
function reportOfError(error: unknown): {
  report: ShownLabReport | null;
  message: string;
  messageZh?: string;
} {
  if (error instanceof ApiError) {
    const errors = reportFromErrorDetails(error.details);
    const messageZh = chineseMessageOf(error.details);
    const report: ShownLabReport | null =
      errors.length > 0
        ? { status: 'rejected', rowsTotal: 0, rowsImported: 0, errors, message: error.message }
        : null;
    return { report, message: error.message, messageZh };
  }
  return { report: null, message: error instanceof Error ? error.message : String(error) };
}

/**
 * Lab upload: choose or drop a CSV/XLSX file → it is checked on the server (dry run) and the
 * report shown with the file's rows, problems highlighted → import → the result.
 */
export default function LabUploadScreen() {
  const { t } = useTranslation();
  const language = useLanguage();
  const [file, setFile] = useState<File | null>(null);
  const [rows, setRows] = useState<string[][]>([]);
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [report, setReport] = useState<ShownLabReport | null>(null);
  const [problem, setProblem] = useState<{ message: string; messageZh?: string } | null>(null);
  const [encoding, setEncoding] = useState<'utf-8' | 'gb18030' | null>(null);
  const attempt = useRef(0);

  const send = async (chosen: File, dryRun: boolean, mode: LabImportMode = 'all-or-nothing') => {
    const mine = ++attempt.current;
    setPhase(dryRun ? 'checking' : 'importing');
    setProgress({ loadedBytes: 0, totalBytes: chosen.size });
    setProblem(null);
    const token = dryRun ? undefined : report?.dryRunToken;
    try {
      const upload = () =>
        uploadLabFile(chosen, dryRun, {
          mode,
          onProgress: (next) => mine === attempt.current && setProgress(next),
        });
      // The checked rows are kept on the server: the import sends the file again only when the
      // dry run can no longer be used (expired, or already imported elsewhere).
      const reply = token
        ? await commitLabDryRun(token, mode).catch((error: unknown) => {
            if (error instanceof ApiError && [404, 409, 422].includes(error.status)) return upload();
            throw error;
          })
        : await upload();
      if (mine !== attempt.current) return;
      setReport({ ...reply, errors: reply.errors ?? [] });
      setPhase(dryRun ? 'checked' : 'done');
    } catch (error) {
      if (mine !== attempt.current) return;
      const refused = reportOfError(error);
      setReport(refused.report);
      setProblem({ message: refused.message, messageZh: refused.messageZh });
      setPhase('failed');
    }
  };

  const choose = (files: File[]) => {
    const chosen = files[0];
    if (!chosen) return;
    setFile(chosen);
    setReport(null);
    setRows([]);
    setEncoding(null);
    if (isCsv(chosen)) {
      // Decoded as the server decodes it (UTF-8, else GB18030), so the preview is what is imported.
      void chosen
        .slice(0, previewBytes)
        .arrayBuffer()
        .then((buffer) => {
          const decoded = decodeLabCsv(new Uint8Array(buffer));
          setEncoding(decoded.encoding);
          setRows(parseCsvPreview(decoded.text, previewRowLimit * 20));
        });
    }
    void send(chosen, true);
  };

  const busy = phase === 'checking' || phase === 'importing';
  const errors = report?.errors ?? [];
  const validRows = report?.rowsValid ?? Math.max(0, (report?.rowsTotal ?? 0) - (report?.rowsRejected ?? 0));

  return (
    <div className="page lab-upload">
      <h1>{t('lab.title')}</h1>
      <p className="page__intro">{t('lab.intro')}</p>

      <section className="lab-upload__templates" aria-labelledby="lab-templates">
        <h2 id="lab-templates">{t('lab.templates')}</h2>
        <p>
          <a className="button button--quiet" href={labTemplateCsvUrl} download>
            {t('lab.templateCsv')}
          </a>{' '}
          <a className="button button--quiet" href={labTemplateXlsxUrl} download>
            {t('lab.templateXlsx')}
          </a>
        </p>
      </section>

      <FileDropZone
        prompt={t('lab.dropPrompt')}
        buttonLabel={t('lab.chooseFile')}
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        disabled={busy}
        onFiles={choose}
        testId="lab-file-input"
      />
      <PhesOdmImport />

      {file && (
        <section className="lab-upload__file" aria-live="polite">
          <p>
            <strong>{file.name}</strong> · {formatBytes(file.size, language)}
          </p>
          {busy && progress && !(phase === 'importing' && report?.dryRunToken) && (
            <ProgressBar
              label={phase === 'checking' ? t('lab.checking') : t('lab.importing')}
              fraction={uploadFraction(progress)}
              detail={`${phase === 'checking' ? t('lab.checking') : t('lab.importing')} ${formatBytes(progress.loadedBytes, language)} / ${formatBytes(progress.totalBytes, language)}`}
            />
          )}
        </section>
      )}

      {problem && (
        <div className="page-problem" role="alert">
          <p>
            {t('lab.failed', {
              message: language === 'zh-CN' && problem.messageZh ? problem.messageZh : problem.message,
            })}
          </p>
          {problem.messageZh && (
            <p lang={language === 'zh-CN' ? 'en' : 'zh-CN'}>
              {language === 'zh-CN' ? problem.message : problem.messageZh}
            </p>
          )}
        </div>
      )}

      {report && (
        <section
          className="lab-upload__report"
          aria-labelledby="lab-report"
          data-testid="lab-report"
          data-status={report.status}
        >
          <h2 id="lab-report">{phase === 'done' ? t('lab.resultTitle') : t('lab.reportTitle')}</h2>
          <ImportReport
            report={report}
            fileRows={rows}
            onRoundCreated={phase === 'checked' && file ? () => void send(file, true) : undefined}
          >
            {(report.message || report.messageZh) && (
              <p className="lab-upload__message">
                {report.messageZh && <span lang="zh-CN">{report.messageZh}</span>}
                {report.messageZh && report.message && ' / '}
                {report.message && <span lang="en">{report.message}</span>}
              </p>
            )}
            {phase === 'checked' && (
              <div className="lab-upload__actions">
                {errors.length === 0 ? (
                  <button
                    type="button"
                    className="button button--primary"
                    onClick={() => file && void send(file, false)}
                    data-testid="lab-import-button"
                  >
                    {t('labReport.importAll', {
                      count: validRows,
                      shown: formatNumber(validRows, language, 0),
                    })}
                  </button>
                ) : validRows === 0 ? (
                  <p className="form-problem" data-testid="lab-none-valid">
                    {t('labReport.wouldBeRefusedNoneValid')}
                  </p>
                ) : (
                  <>
                    <p className="form-problem">
                      {t('labReport.wouldBeRefused', {
                        count: validRows,
                        shown: formatNumber(validRows, language, 0),
                      })}
                    </p>
                    <button
                      type="button"
                      className="button button--primary"
                      onClick={() => file && void send(file, false, 'valid-only')}
                      data-testid="lab-import-valid-button"
                    >
                      {t('labReport.importValid', {
                        count: validRows,
                        shown: formatNumber(validRows, language, 0),
                      })}
                    </button>
                  </>
                )}
              </div>
            )}
          </ImportReport>
        </section>
      )}

      {rows.length > 0 && (
        <section aria-labelledby="lab-preview-title">
          <h2 id="lab-preview-title">{t('lab.preview.title')}</h2>
          {encoding === 'gb18030' && <p className="hint">{t('labReport.readAsGb18030')}</p>}
          <LabFilePreview rows={rows} errors={errors} rowsTotal={report?.rowsTotal || undefined} />
        </section>
      )}
    </div>
  );
}
