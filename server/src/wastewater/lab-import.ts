import { recordAudit } from '@skywater/core/audit/audit-log';
import type { Db } from '@skywater/core/db/db';
import { enqueueAllInTransaction } from '@skywater/core/outbox/outbox';
import { loadLabContext } from './lab-context';
import { closeBatch, findBatchByHash, openBatch } from './lab-import-batch';
import { duplicateReport } from './lab-import-report';
import { ImportRun } from './lab-import-run';
import { createStaging, lockImports } from './lab-import-store';
import type { LabImportOptions, LabImportReport, LabImportSource } from './lab-import-types';
import { scoringJobs } from './scoring-jobs';

/** The report's limit, with the use-case that applies it. */
export { MAX_REPORTED_ERRORS, type LabImportReport } from './lab-import-types';

/** Thrown inside the transaction to roll it back while still answering with the report. */
class RollbackWithReport extends Error {
  constructor(readonly report: LabImportReport) {
    super(report.status);
  }
}

/**
 * Imports lab results (docs/api-contract.md `POST /api/lab/imports`): every row checked as it streams (unknown
 * site/round/analyte, values, units, dates, a duplicate in the file), the rows that pass copied
 * (`COPY FROM STDIN`) into a staging table, then checked against what is stored in a few
 * set-based statements (a stored result with a different value = `conflict_with_stored`, never
 * overwritten; an identical one is no error; a sample's period/flow must agree), new samples and
 * measurements inserted from it, all in ONE transaction with the batch, its audit row and one
 * scoring job per touched series (outbox).
 * A dry run, or a refused all-or-nothing file, rolls everything back and answers the report.
 * The same file twice (content hash) answers `duplicate` and writes nothing; a file imported only
 * in part (valid-only) may be uploaded again. Valid-only with no valid row is `rejected`.
 * Call `ctx.jobsWritten()` after an `imported` answer.
 */
export async function importLabResults(
  db: Db,
  source: LabImportSource,
  options: LabImportOptions,
): Promise<LabImportReport> {
  const mode = options.mode ?? 'all_or_nothing';
  const dryRun = options.dryRun ?? false;
  const existing = await findBatchByHash(db, source.sha256);
  if (existing !== undefined) return duplicateReport(existing, source.sha256, mode, dryRun);
  const context = await loadLabContext(db, options.officeIds);
  try {
    return await db.transaction(async (tx) => {
      const batchId = await openBatch(tx, source, mode, options.actor);
      const run = new ImportRun(tx, batchId, mode);
      // One import at a time checks and writes, so what it checked stays true until it commits.
      await lockImports(tx);
      await createStaging(tx);
      await run.load(source.events(context));
      const report = run.report(source.sha256, dryRun);
      if (dryRun)
        throw new RollbackWithReport({ ...report, status: 'checked', batchId: null, seriesQueued: 0 });
      const nothingValid = report.rowsImported === 0 && report.rowsUnchanged === 0;
      if (report.rowsRejected > 0 && (mode === 'all_or_nothing' || nothingValid))
        throw new RollbackWithReport({
          ...report,
          status: 'rejected',
          rowsImported: 0,
          batchId: null,
          seriesQueued: 0,
        });
      await closeBatch(tx, batchId, report);
      await recordAudit(tx, {
        actor: options.actor,
        action: 'import',
        entity: 'import_batch',
        entityId: batchId,
        after: {
          fileName: source.fileName,
          sha256: source.sha256,
          format: source.format,
          mode,
          rowsTotal: report.rowsTotal,
          rowsImported: report.rowsImported,
          rowsUnchanged: report.rowsUnchanged,
          rowsRejected: report.rowsRejected,
        },
        requestId: options.requestId,
      });
      await enqueueAllInTransaction(tx, scoringJobs(run.series.values(), run.rounds, batchId));
      return { ...report, seriesQueued: run.series.size };
    });
  } catch (error) {
    if (error instanceof RollbackWithReport) return error.report;
    // The same file committed by a concurrent upload between our check and our insert.
    if ((error as { code?: string }).code === '23505') {
      const batch = await findBatchByHash(db, source.sha256);
      if (batch !== undefined) return duplicateReport(batch, source.sha256, mode, dryRun);
    }
    throw error;
  }
}
