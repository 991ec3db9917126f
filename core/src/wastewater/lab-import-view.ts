import type { LabErrorCode } from './lab-error-messages';

/** Default all-or-nothing: one refused row refuses the file. `valid_only` imports the rest. */
export type ImportMode = 'all_or_nothing' | 'valid_only';
/** What became of an uploaded file (`checked`: a dry run, nothing written). */
export type ImportStatus = 'imported' | 'duplicate' | 'rejected' | 'checked';

/** One line of the validation report: docs/api-contract.md's `{ row, column, code, message }` and more. */
export interface ReportedError {
  row: number;
  column: string | null;
  code: LabErrorCode;
  /** English. */
  message: string;
  messageZh: string;
  /** For `conflict_with_stored`: the stored measurement (correct it rather than re-upload). */
  measurementId?: number;
}

/** The validation report `POST /api/lab/imports` answers (422 when the file is rejected). */
export interface LabImportReport {
  status: ImportStatus;
  rowsTotal: number;
  /** Rows written; in a dry run, rows that would be written; 0 when the file is rejected. */
  rowsImported: number;
  /** Rows that passed every check (written, or would have been but for the file's rejection). */
  rowsValid: number;
  /** Rows identical to a stored result: not an error, not written again. */
  rowsUnchanged: number;
  rowsRejected: number;
  errors: ReportedError[];
  /** True when more errors were found than the report lists (`MAX_REPORTED_ERRORS`). */
  errorsTruncated: boolean;
  /** Not errors: e.g. unknown columns, ignored. */
  notices: ReportedError[];
  /** The batch written (imported) or found (duplicate); null otherwise. */
  batchId: number | null;
  fileSha256: string;
  mode: ImportMode;
  dryRun: boolean;
  /** Series (site × analyte) whose scoring was queued. */
  seriesQueued: number;
  /** A dry run's token: `POST /api/lab/imports?dryRunToken=` imports the checked file without sending it again. */
  dryRunToken?: string;
  dryRunExpiresAt?: string;
}

/**
 * An import batch as `GET /api/lab/imports` lists it: stored `imported`, or `partial` (a
 * valid-only import: some rows refused, the rest written).
 */
export interface LabImportBatchView {
  id: number;
  fileName: string;
  fileSha256: string;
  format: 'csv' | 'xlsx' | 'phes-odm' | 'demo';
  status: 'imported' | 'partial';
  mode: ImportMode;
  rowsTotal: number;
  rowsImported: number;
  rowsUnchanged: number;
  rowsRejected: number;
  uploadedBy: string | null;
  createdAt: Date;
  officeId: number;
}

/** `GET /api/lab/imports/:id`: the batch with its validation report as stored. */
export interface LabImportBatchDetailView extends LabImportBatchView {
  finishedAt: Date | null;
  /** `{}` for a batch stored without one (the demo's). */
  report: Partial<LabImportReport>;
}
