import { recordAudit } from '@skywater/core/audit/audit-log';
import type { Db, Queryable } from '@skywater/core/db/db';
import { enqueueAllInTransaction } from '@skywater/core/outbox/outbox';
import { loadLabContext } from './lab-context';
import { closeBatch, findBatchByHash, openBatch } from './lab-import-batch';
import { duplicateReport } from './lab-import-report';
import { DraftSpool } from './lab-draft-spool';
import {
  type CheckedRows,
  claimDraft,
  closeDraft,
  draftChunks,
  dropDraftChunks,
  findDraft,
  openDraft,
  saveDraftChunk,
} from './lab-import-drafts';
import { ImportRun } from './lab-import-run';
import { createStaging, lockImports } from './lab-import-store';
import type {
  ImportMode,
  LabImportFile,
  LabImportOptions,
  LabImportReport,
  LabImportSource,
} from './lab-import-types';
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
 * A dry run, or a refused all-or-nothing file, rolls everything back and answers the report; a
 * dry run also keeps the checked rows (`checkLabResults`) and answers a token that
 * `commitLabDryRun` imports without the file.
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
  if (options.dryRun) return checkLabResults(db, source, options);
  const existing = await findBatchByHash(db, source.sha256);
  if (existing !== undefined) return duplicateReport(existing, source.sha256, mode, false);
  const context = await loadLabContext(db, options.officeIds);
  return writeRows(db, source, { ...options, mode, dryRun: false }, (run) =>
    run.load(source.events(context)),
  );
}

/**
 * A dry run: every check, rolled back, with the rows that pass the per-row checks kept
 * server-side afterwards (a draft bound to the user and the file's hash, committed at most once,
 * within DRY_RUN_TTL_MINUTES). The report carries the draft's token.
 */
async function checkLabResults(
  db: Db,
  source: LabImportSource,
  options: LabImportOptions,
): Promise<LabImportReport> {
  const mode = options.mode ?? 'all_or_nothing';
  const existing = await findBatchByHash(db, source.sha256);
  if (existing !== undefined) return duplicateReport(existing, source.sha256, mode, true);
  const context = await loadLabContext(db, options.officeIds);
  const spool = await DraftSpool.create();
  try {
    let checked: CheckedRows | undefined;
    const report = await writeRows(db, source, { ...options, mode, dryRun: true }, async (run) => {
      await run.load(source.events(context), (chunk) => spool.write(chunk.parts, chunk.rows));
      checked = run.checkedRows();
    });
    if (report.status !== 'checked' || checked === undefined) return report;
    const kept = checked;
    const draft = await db.transaction(async (tx) => {
      const opened = await openDraft(tx, source, mode, options.actor);
      let seq = 0;
      for await (const chunk of spool.read()) await saveDraftChunk(tx, opened.token, seq++, chunk);
      await closeDraft(tx, opened.token, kept, options.replyExtras ?? {});
      return opened;
    });
    return { ...report, dryRunToken: draft.token, dryRunExpiresAt: draft.expiresAt.toISOString() };
  } finally {
    await spool.remove();
  }
}

/**
 * Imports the rows a dry run checked (its token), without the file: the checks against the store
 * run again (what is stored may have changed since), the per-row ones are the dry run's, except
 * the office scope, checked again against `options.officeIds` (a site or round of an office the
 * committer may no longer see is a row error, as an unknown one). The
 * token is the user's own, unexpired and unused (404, 422, 409 otherwise); `options.mode`
 * overrides the dry run's. The answer carries the route's reply fields kept with the dry run.
 */
export async function commitLabDryRun(
  db: Db,
  token: string,
  options: Omit<LabImportOptions, 'dryRun' | 'replyExtras'>,
): Promise<LabImportReport & Record<string, unknown>> {
  const draft = await findDraft(db, token, options.actor);
  const mode = options.mode ?? draft.mode;
  const existing = await findBatchByHash(db, draft.file.sha256);
  if (existing !== undefined)
    return { ...draft.replyExtras, ...duplicateReport(existing, draft.file.sha256, mode, false) };
  const report = await writeRows(db, draft.file, { ...options, mode, dryRun: false }, async (run, tx) => {
    await claimDraft(tx, token);
    await run.replay(draft.checked, draftChunks(tx, token));
  });
  if (report.status === 'imported') await dropDraftChunks(db, token);
  return { ...draft.replyExtras, ...report };
}

/**
 * One transaction: a batch, the rows `fill` stages checked against the store and written, the
 * batch's counts, audit row and scoring jobs; rolled back for a dry run or a refused file.
 */
async function writeRows(
  db: Db,
  file: LabImportFile,
  options: LabImportOptions & { mode: ImportMode; dryRun: boolean },
  fill: (run: ImportRun, tx: Queryable) => Promise<void>,
): Promise<LabImportReport> {
  const { mode, dryRun } = options;
  try {
    return await db.transaction(async (tx) => {
      const batchId = await openBatch(tx, file, mode, options.actor);
      const run = new ImportRun(tx, batchId, mode, options.officeIds);
      // One import at a time checks and writes, so what it checked stays true until it commits.
      await lockImports(tx);
      await createStaging(tx);
      await fill(run, tx);
      const report = run.report(file.sha256, dryRun);
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
          fileName: file.fileName,
          sha256: file.sha256,
          format: file.format,
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
      const batch = await findBatchByHash(db, file.sha256);
      if (batch !== undefined) return duplicateReport(batch, file.sha256, mode, dryRun);
    }
    throw error;
  }
}
