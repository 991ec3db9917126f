import type { AuditActor } from '@skywater/core/audit/audit-log';
import type { LabRowContext } from '@skywater/core/wastewater/lab-rows';
import type { LabValidationEvent } from '@skywater/core/wastewater/lab-validation';

export type {
  ImportMode,
  ImportStatus,
  LabImportReport,
  ReportedError,
} from '@skywater/core/wastewater/lab-import-view';
import type { ImportMode } from '@skywater/core/wastewater/lab-import-view';

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

/** The report lists at most this many errors; counts stay exact. */
export const MAX_REPORTED_ERRORS = 1_000;
