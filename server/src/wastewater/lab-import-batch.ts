import type { AuditActor } from '@skywater/core/audit/audit-log';
import type { Queryable } from '@skywater/core/db/db';
import type { ImportMode, LabImportFile, LabImportReport } from './lab-import-types';

/** An import batch's row: one per uploaded file (docs/api-contract.md `POST /api/lab/imports`). */
export interface BatchRow {
  id: number;
}

/** The imported batch of this file's bytes, if any: the same file again writes nothing. */
export async function findBatchByHash(db: Queryable, sha256: string): Promise<BatchRow | undefined> {
  const { rows } = await db.query<BatchRow>(
    `select id from import_batches where file_sha256 = $1 and status = 'imported'`,
    [sha256],
  );
  return rows[0];
}

/** Opens the batch a file's rows are written under (in the import's transaction). */
export async function openBatch(
  tx: Queryable,
  source: LabImportFile,
  mode: ImportMode,
  actor: AuditActor | null,
): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `insert into import_batches (file_sha256, file_name, format, status, rows_total, rows_imported, mode,
       file_bytes, uploaded_by, uploaded_by_name)
     values ($1, $2, $3, 'imported', 0, 0, $4, $5, $6, $7) returning id`,
    [
      source.sha256,
      source.fileName.slice(0, 500),
      source.format,
      mode,
      source.bytes,
      actor?.id ?? null,
      actor?.username ?? 'system',
    ],
  );
  return rows[0]!.id;
}

/** Records the batch's counts and report once its rows are written. */
export async function closeBatch(tx: Queryable, batchId: number, report: LabImportReport): Promise<void> {
  await tx.query(
    `update import_batches set status = $2, rows_total = $3, rows_imported = $4, rows_unchanged = $5,
       rows_rejected = $6, report = $7, finished_at = now() where id = $1`,
    [
      batchId,
      report.rowsRejected > 0 ? 'partial' : 'imported',
      report.rowsTotal,
      report.rowsImported,
      report.rowsUnchanged,
      report.rowsRejected,
      JSON.stringify({
        errors: report.errors,
        errorsTruncated: report.errorsTruncated,
        notices: report.notices,
      }),
    ],
  );
}
