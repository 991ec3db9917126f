import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShownLabReport } from '../api/lab-imports-api';
import { LabReportTable } from '../wastewater/lab-report-table';
import { LabReportSummary } from './lab-report-summary';

/**
 * A lab import's report as every screen shows it (an upload's dry run and result, a PHES-ODM
 * check, a batch from the history): the verdict and grouped problems, what the caller puts under
 * them (the import buttons, notes), then every problem row by row, folded when there are many.
 */
export function ImportReport({
  report,
  fileRows,
  onRoundCreated,
  problemsOpen,
  children,
}: {
  report: ShownLabReport;
  /** The file's rows, to quote the cells of a problem (a CSV upload). */
  fileRows?: string[][];
  onRoundCreated?: () => void;
  /** Whether the row-by-row list starts open; by default when it is short (≤ 20). */
  problemsOpen?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const errors = report.errors ?? [];
  return (
    <>
      <LabReportSummary report={report} fileRows={fileRows} onRoundCreated={onRoundCreated} />
      {children}
      {errors.length > 0 && (
        <details className="lab-upload__details" open={problemsOpen ?? errors.length <= 20}>
          <summary>{t('labReport.everyProblem', { count: errors.length })}</summary>
          <LabReportTable errors={errors} />
        </details>
      )}
    </>
  );
}
