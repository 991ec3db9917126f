import type { AuditActor } from '@skywater/core/audit/audit-log';
import { recordAudit } from '@skywater/core/audit/audit-log';
import type { Db, Queryable } from '@skywater/core/db/db';
import { analyteResolver } from '@skywater/core/wastewater/analytes';
import { foldCellText } from '@skywater/core/wastewater/cell-text';
import {
  labErrorMessage,
  type LabErrorCode,
  type LabRowError,
} from '@skywater/core/wastewater/lab-error-messages';
import type { LabMeasurementRow, LabRowContext } from '@skywater/core/wastewater/lab-rows';
import type { LabValidationEvent } from '@skywater/core/wastewater/lab-validation';
import type { LabColumnKey } from '@skywater/core/wastewater/lab-template';
import {
  SAMPLE_FIELD_COLUMN,
  sameResult,
  sampleDifferences,
  type SampleFields,
} from '@skywater/core/wastewater/stored-result-comparison';
import { catalogueForResolution } from './analyte-catalogue';
import {
  insertMeasurements,
  insertNewSamples,
  measurementKeyOf,
  sampleKey,
  selectResultsStoredBefore,
  selectSamples,
  type MeasurementToInsert,
  type StoredSample,
} from './lab-import-store';
import { enqueueAllInTransaction, scoringJobs } from './scoring-jobs';

export type ImportMode = 'all_or_nothing' | 'valid_only';
export type ImportStatus = 'imported' | 'duplicate' | 'rejected' | 'checked';

/** A file (or a PHES-ODM pair of tables) to import, already received and hashed. */
export interface LabImportSource {
  fileName: string;
  /** SHA-256 of the uploaded bytes: the same file again is recognised and writes nothing. */
  sha256: string;
  bytes: number | null;
  format: 'csv' | 'xlsx' | 'phes-odm';
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
}

/** One line of the validation report: API.md's `{ row, column, code, message }` and more. */
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
}

/** The report lists at most this many errors; counts stay exact. */
export const MAX_REPORTED_ERRORS = 1_000;
/** Rows written per INSERT. */
const CHUNK_ROWS = 5_000;
/** Sample cache bound: beyond it the cache is dropped and samples are read again (memory stays flat). */
const SAMPLE_CACHE_MAX = 50_000;

/** Thrown inside the transaction to roll it back while still answering with the report. */
class RollbackWithReport extends Error {
  constructor(readonly report: LabImportReport) {
    super(report.status);
  }
}

/**
 * Imports lab results (API.md `POST /api/lab/imports`): every row checked as it streams, then
 * checked against what is stored (unknown site/round/analyte, a stored result with a different
 * value = `conflict_with_stored`, never overwritten; an identical one is no error), samples
 * upserted by (site, round, lab sample id), measurements inserted in bulk, all in ONE
 * transaction with the batch, its audit row and one scoring job per touched series (outbox).
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
  const context = await loadLabContext(db);
  try {
    return await db.transaction(async (tx) => {
      const batchId = await openBatch(tx, source, mode, options.actor);
      const run = new ImportRun(tx, batchId, mode);
      for await (const event of source.events(context)) await run.accept(event);
      await run.flush();
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
      const jobs = scoringJobs(run.touchedSeries(), run.touchedRounds, batchId);
      await enqueueAllInTransaction(tx, jobs);
      return { ...report, seriesQueued: run.touchedSeriesCount };
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

/** Sites by code, rounds by name, analytes by code/name/alias, from the database. */
export async function loadLabContext(db: Queryable): Promise<LabRowContext> {
  const sites = await db.query<{ id: number; code: string }>(`select id, code from sites`);
  const rounds = await db.query<{ id: number; name: string }>(`select id, name from rounds`);
  const siteIdByCode = new Map(sites.rows.map((s) => [foldCellText(s.code), s.id]));
  const roundIdByName = new Map(rounds.rows.map((r) => [foldCellText(r.name), r.id]));
  return {
    siteIdByCode: (code) => siteIdByCode.get(foldCellText(code)),
    roundIdByName: (name) => roundIdByName.get(foldCellText(name)),
    resolveAnalyte: analyteResolver(await catalogueForResolution(db)),
    locale: 'en',
  };
}

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

interface BatchRow {
  id: number;
}

async function findBatchByHash(db: Queryable, sha256: string): Promise<BatchRow | undefined> {
  const { rows } = await db.query<BatchRow>(
    `select id from import_batches where file_sha256 = $1 and status = 'imported'`,
    [sha256],
  );
  return rows[0];
}

function duplicateReport(
  batch: BatchRow,
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

async function openBatch(
  tx: Queryable,
  source: LabImportSource,
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

async function closeBatch(tx: Queryable, batchId: number, report: LabImportReport): Promise<void> {
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

/** The state of one import while its rows stream through, a chunk at a time. */
class ImportRun {
  private chunk: LabMeasurementRow[] = [];
  private inFlight: Promise<void> | null = null;
  private samples = new Map<string, StoredSample>();
  private headerOf: Partial<Record<LabColumnKey, string>> = {};
  private readonly series = new Map<string, { siteId: number; analyteCode: string }>();
  readonly touchedRounds = new Set<number>();
  private rowsTotal = 0;
  private rowsImported = 0;
  private rowsUnchanged = 0;
  private rowsRejected = 0;
  private readonly errors: ReportedError[] = [];
  private errorsTruncated = false;
  private notices: ReportedError[] = [];

  constructor(
    private readonly tx: Queryable,
    private readonly batchId: number,
    private readonly mode: ImportMode,
  ) {}

  async accept(event: LabValidationEvent): Promise<void> {
    if (event.kind === 'header') {
      this.headerOf = event.headerMap.headerOf;
      this.notices = event.notices.map((n) => reportError(n));
      return;
    }
    this.rowsTotal++;
    if (event.kind === 'rejected') {
      this.reject(event.errors.map((e) => reportError(e)));
      return;
    }
    this.chunk.push(event.row);
    if (this.chunk.length >= CHUNK_ROWS) await this.startWrite();
  }

  /** Writes what is pending and waits for every write to finish. */
  async flush(): Promise<void> {
    await this.startWrite();
    await this.inFlight;
    this.inFlight = null;
  }

  /**
   * Starts writing the pending chunk without waiting for it, so the next chunk is parsed while
   * the database works (on a server that is another process, another core). One chunk at a time:
   * a chunk starts only after the previous one is written (its samples are then known). A failed
   * write surfaces at the next call, and rolls the transaction back.
   */
  private async startWrite(): Promise<void> {
    if (this.inFlight) await this.inFlight;
    const rows = this.chunk;
    this.chunk = [];
    const write = this.write(rows);
    write.catch(() => undefined); // awaited (and thrown) by the next startWrite or flush
    this.inFlight = write;
  }

  /** Writes one chunk: samples first (checked against stored ones), then measurements. */
  private async write(rows: LabMeasurementRow[]): Promise<void> {
    if (rows.length === 0) return;
    if (this.samples.size > SAMPLE_CACHE_MAX) this.samples = new Map();

    const unknownKeys = new Map<string, LabMeasurementRow>();
    for (const row of rows) {
      const key = sampleKey(row.siteId, row.roundId, row.sampleId);
      if (!this.samples.has(key) && !unknownKeys.has(key)) unknownKeys.set(key, row);
    }
    if (unknownKeys.size > 0) {
      const firstRows = [...unknownKeys.values()];
      const created = await insertNewSamples(this.tx, this.batchId, firstRows);
      for (const [key, sample] of created) this.samples.set(key, sample);
      const stillUnknown = firstRows.filter((r) => !created.has(sampleKey(r.siteId, r.roundId, r.sampleId)));
      const stored = await selectSamples(this.tx, stillUnknown);
      for (const [key, sample] of stored) this.samples.set(key, sample);
    }

    const items: MeasurementToInsert[] = [];
    for (const row of rows) {
      const sample = this.samples.get(sampleKey(row.siteId, row.roundId, row.sampleId))!;
      const differences = sampleDifferences(sample, sampleFieldsOf(row));
      if (differences.length === 0) {
        items.push({ sampleDbId: sample.id, row });
        continue;
      }
      const ours = sample.batchId === this.batchId;
      this.reject(
        differences.map((field) => {
          const key = SAMPLE_FIELD_COLUMN[field] as LabColumnKey;
          const code: LabErrorCode = ours ? 'inconsistent_sample' : 'conflict_with_stored';
          const found = ours ? undefined : `stored ${describeSampleField(sample, field)}`;
          return {
            row: row.row,
            column: this.headerOf[key] ?? key,
            code,
            message: labErrorMessage(code, 'en', found),
            messageZh: labErrorMessage(code, 'zh-CN', found?.replace('stored', '已入库')),
          };
        }),
      );
    }

    const inserted = await insertMeasurements(this.tx, this.batchId, items);
    let accepted = items;
    if (inserted < items.length) {
      const before = await selectResultsStoredBefore(this.tx, this.batchId, items);
      accepted = [];
      for (const item of items) {
        const stored = before.get(
          measurementKeyOf(item.sampleDbId, item.row.analyteCode, item.row.replicate),
        );
        if (stored === undefined) accepted.push(item);
        else if (sameResult(stored, item.row)) this.rowsUnchanged++;
        else {
          const found = `${stored.qualifier} ${stored.valueNgL ?? ''} ng/L`.replace(/\s+/g, ' ').trim();
          this.reject([
            {
              row: item.row.row,
              column: this.headerOf.value ?? 'value',
              code: 'conflict_with_stored',
              message: labErrorMessage('conflict_with_stored', 'en', `stored ${found}`),
              messageZh: labErrorMessage('conflict_with_stored', 'zh-CN', `已入库 ${found}`),
              measurementId: stored.id,
            },
          ]);
        }
      }
    }
    this.rowsImported += accepted.length;
    for (const { row } of accepted) {
      const siteId = Number(row.siteId);
      this.series.set(`${siteId}\u001f${row.analyteCode}`, { siteId, analyteCode: row.analyteCode });
      this.touchedRounds.add(Number(row.roundId));
    }
  }

  touchedSeries() {
    return this.series.values();
  }

  get touchedSeriesCount() {
    return this.series.size;
  }

  report(sha256: string, dryRun: boolean): LabImportReport {
    return {
      status: 'imported',
      rowsTotal: this.rowsTotal,
      rowsImported: this.rowsImported,
      rowsValid: this.rowsImported,
      rowsUnchanged: this.rowsUnchanged,
      rowsRejected: this.rowsRejected,
      errors: this.errors,
      errorsTruncated: this.errorsTruncated,
      notices: this.notices,
      batchId: this.batchId,
      fileSha256: sha256,
      mode: this.mode,
      dryRun,
      seriesQueued: 0,
    };
  }

  private reject(errors: ReportedError[]) {
    this.rowsRejected++;
    for (const error of errors) {
      if (this.errors.length < MAX_REPORTED_ERRORS) this.errors.push(error);
      else this.errorsTruncated = true;
    }
  }
}

function sampleFieldsOf(row: LabMeasurementRow): SampleFields {
  return {
    collectedStart: row.collectedStart,
    collectedEnd: row.collectedEnd,
    collectionType: row.collectionType,
    flowM3PerDay: row.flowM3PerDay,
    population: row.population === null ? null : Math.round(row.population),
  };
}

function describeSampleField(sample: SampleFields, field: keyof SampleFields): string {
  const value = sample[field];
  if (value instanceof Date) return value.toISOString();
  return value === null ? '(empty)' : String(value);
}
