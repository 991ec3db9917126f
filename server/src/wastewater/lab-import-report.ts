import { labErrorMessage, type LabRowError } from '@skywater/core/wastewater/lab-error-messages';
import type { ImportMode, LabImportReport, ReportedError } from './lab-import-types';

/** Renders a core report line in English with its Chinese beside it. */
export function reportError(error: LabRowError, extra: Partial<ReportedError> = {}): ReportedError {
  return {
    row: error.row,
    column: error.column,
    code: error.code,
    message: labErrorMessage(error.code, 'en', error.found),
    messageZh: labErrorMessage(error.code, 'zh-CN', error.found),
    ...extra,
  };
}

/** The answer to a file already imported: its batch, nothing written. */
export function duplicateReport(
  batch: { id: number },
  sha256: string,
  mode: ImportMode,
  dryRun: boolean,
): LabImportReport {
  return {
    status: 'duplicate',
    rowsTotal: 0,
    rowsImported: 0,
    rowsValid: 0,
    rowsUnchanged: 0,
    rowsRejected: 0,
    errors: [],
    errorsTruncated: false,
    notices: [],
    batchId: batch.id,
    fileSha256: sha256,
    mode,
    dryRun,
    seriesQueued: 0,
  };
}
