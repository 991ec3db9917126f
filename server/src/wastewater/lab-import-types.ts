import type { AuditActor } from '@skywater/core/audit/audit-log';
import type { LabErrorCode } from '@skywater/core/wastewater/lab-error-messages';
import type { LabRowContext } from '@skywater/core/wastewater/lab-rows';
import type { LabValidationEvent } from '@skywater/core/wastewater/lab-validation';

export type ImportMode = 'all_or_nothing' | 'valid_only';
export type ImportStatus = 'imported' | 'duplicate' | 'rejected' | 'checked';

/** An uploaded file (or a PHES-ODM pair of tables) as its import batch records it. */
export interface LabImportFile {
  fileName: string;
  /** SHA-256 of the uploaded bytes: the same file again is recognised and writes nothing. */
  sha256: string;
  bytes: number | null;
  format: 'csv' | 'xlsx' | 'phes-odm';
}

/** A file to import, already received and hashed. */
export interface LabImportSource extends LabImportFile {
  /** Produces the validation events (header, rows, rejected rows) once the lookups are known. */
  events(context: LabRowContext): AsyncIterable<LabValidationEvent>;
}

export interface LabImportOptions {
  /** Check everything (against the database too) and write nothing. */
  dryRun?: boolean;
  /** Default all-or-nothing: one refused row refuses the file. `valid_only` imports the rest. */
  mode?: ImportMode;
  actor: AuditActor | null;
  requestId?: string;
  /** Fields the route adds to its reply, kept with a dry run for the reply of its commit. */
  replyExtras?: Record<string, unknown>;
  /**
   * The offices whose sites and rounds rows may name (the uploader's visible ones): a row naming
   * another office's site or round is an error, as an unknown one. Undefined: every office.
   */
  officeIds?: number[];
}

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

/** The report lists at most this many errors; counts stay exact. */
export const MAX_REPORTED_ERRORS = 1_000;
