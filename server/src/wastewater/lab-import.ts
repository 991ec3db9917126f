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
import type { LabRowContext } from '@skywater/core/wastewater/lab-rows';
import { loadPlausibilityBounds } from './plausibility-bounds-store';
import type { LabValidationEvent } from '@skywater/core/wastewater/lab-validation';
import type { LabColumnKey } from '@skywater/core/wastewater/lab-template';
import { SAMPLE_FIELD_COLUMN, type SampleFields } from '@skywater/core/wastewater/stored-result-comparison';
import { catalogueForResolution } from './analyte-catalogue';
import {
  checkAndWriteChunk,
  copyLine,
  createStaging,
  lockImports,
  STAGING_COPY,
  type ChunkOutcome,
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
}

/** The report lists at most this many errors; counts stay exact. */
export const MAX_REPORTED_ERRORS = 1_000;
/**
 * Rows checked and written per chunk. The next chunk is parsed while the database works on this
 * one (on a server that is another process, another core).
 */
const CHUNK_ROWS = 10_000;

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
  const context = await loadLabContext(db);
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

/** Sites by code, rounds by name, analytes by code/name/alias, from the database. */
export async function loadLabContext(db: Queryable): Promise<LabRowContext> {
  const sites = await db.query<{ id: number; code: string; kind: string }>(
    `select id, code, kind from sites`,
  );
  const rounds = await db.query<{ id: number; name: string; closed: boolean }>(
    `select id, name, closed_at is not null as closed from rounds`,
  );
  const closedRoundIds = new Set(rounds.rows.filter((r) => r.closed).map((r) => String(r.id)));
  const siteIdByCode = new Map(sites.rows.map((s) => [foldCellText(s.code), s.id]));
  const siteKindByCode = new Map(sites.rows.map((s) => [foldCellText(s.code), s.kind]));
  const roundIdByName = new Map(rounds.rows.map((r) => [foldCellText(r.name), r.id]));
  return {
    siteIdByCode: (code) => siteIdByCode.get(foldCellText(code)),
    siteKindOf: (code) => siteKindByCode.get(foldCellText(code)),
    plausibilityBounds: await loadPlausibilityBounds(db),
    roundIdByName: (name) => roundIdByName.get(foldCellText(name)),
    roundClosed: (roundId) => closedRoundIds.has(String(roundId)),
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

/** A chunk of rows that passed the per-row checks, as COPY text in UTF-8 bytes. */
interface Chunk {
  parts: Buffer[];
  rows: number;
}

/** Bytes of one COPY buffer; a chunk of 10,000 rows (~1.5 MB) fills a few. */
const COPY_PART_BYTES = 256 * 1024;

/**
 * Writes COPY lines straight into byte buffers, so each line's strings die young (a chunk kept as
 * strings holds every row's pieces until it is sent: 10,000 rows of garbage promoted to V8's old
 * generation per chunk). The buffers are reused: a chunk's go back once it is stored.
 */
class CopyBuffers {
  private readonly free: Buffer[] = [];
  private parts: Buffer[] = [];
  private current: Buffer | null = null;
  private used = 0;

  /** Appends one line (a line never spans two buffers). */
  write(line: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (this.current === null || this.used + line.length * 3 > this.current.length) {
      this.seal();
      const size = Math.max(COPY_PART_BYTES, line.length * 3);
      this.current =
        size === COPY_PART_BYTES ? (this.free.pop() ?? Buffer.allocUnsafe(size)) : Buffer.allocUnsafe(size);
      this.used = 0;
    }
    this.used += this.current.write(line, this.used, 'utf8');
  }

  /** The lines written since the last call, as byte chunks that each end at a line end. */
  take(): Buffer[] {
    this.seal();
    const parts = this.parts;
    this.parts = [];
    return parts;
  }

  /** Gives back the buffers of a chunk that has been stored. */
  release(parts: readonly Buffer[]): void {
    for (const part of parts) {
      if (part.buffer.byteLength === COPY_PART_BYTES && this.free.length < 16)
        this.free.push(Buffer.from(part.buffer, 0, COPY_PART_BYTES));
    }
  }

  private seal(): void {
    if (this.current !== null && this.used > 0) this.parts.push(this.current.subarray(0, this.used));
    else if (this.current !== null && this.current.length === COPY_PART_BYTES) this.free.push(this.current);
    this.current = null;
    this.used = 0;
  }
}

/**
 * One import's rows as they stream through: rows refused by the per-row checks are counted and
 * reported here; the others are staged and checked against the store a chunk at a time, each
 * chunk while the next is parsed. Memory stays flat: nothing per row is kept (the report keeps
 * its first MAX_REPORTED_ERRORS lines of each kind; counts stay exact).
 */
class ImportRun {
  private headerOf: Partial<Record<LabColumnKey, string>> = {};
  private notices: ReportedError[] = [];
  private rowsTotal = 0;
  private rowsImported = 0;
  private rowsUnchanged = 0;
  private rowsRejected = 0;
  /** The first report lines of rows refused by the per-row checks, by row. */
  private readonly fileErrors: ReportedError[] = [];
  /** The first report lines of rows refused against the store, by row. */
  private readonly storeErrors: ReportedError[] = [];
  private errorLines = 0;
  private readonly copyBuffers = new CopyBuffers();
  readonly series = new Map<string, { siteId: number; analyteCode: string }>();
  readonly rounds = new Set<number>();

  constructor(
    private readonly tx: Queryable,
    private readonly batchId: number,
    private readonly mode: ImportMode,
  ) {}

  /** Reads every event, checking and writing the rows a chunk at a time. */
  async load(events: AsyncIterable<LabValidationEvent>): Promise<void> {
    let inFlight: Promise<void> | null = null;
    try {
      for await (const chunk of this.chunks(events)) {
        if (inFlight) await inFlight;
        inFlight = this.store(chunk);
        inFlight.catch(() => undefined); // awaited (and thrown) below
      }
      if (inFlight) await inFlight;
    } catch (error) {
      // A file error mid-way: let the chunk being written finish before the transaction ends.
      await inFlight?.catch(() => undefined);
      throw error;
    }
  }

  /** The rows that pass the per-row checks, as COPY text, CHUNK_ROWS at a time. */
  private async *chunks(events: AsyncIterable<LabValidationEvent>): AsyncGenerator<Chunk> {
    let rows = 0;
    for await (const event of events) {
      if (event.kind === 'header') {
        this.headerOf = event.headerMap.headerOf;
        this.notices = event.notices.map((n) => reportError(n));
        continue;
      }
      this.rowsTotal++;
      if (event.kind === 'rejected') {
        this.rowsRejected++;
        for (const error of event.errors) {
          this.errorLines++;
          if (this.fileErrors.length < MAX_REPORTED_ERRORS) this.fileErrors.push(reportError(error));
        }
        continue;
      }
      // Values beyond a soft bound: stored, listed for the lab to confirm.
      for (const notice of event.notices ?? []) {
        if (this.notices.length < MAX_REPORTED_ERRORS) this.notices.push(reportError(notice));
      }
      this.copyBuffers.write(copyLine(event.row));
      rows++;
      if (rows >= CHUNK_ROWS) {
        yield { parts: this.copyBuffers.take(), rows };
        rows = 0;
      }
    }
    if (rows > 0) yield { parts: this.copyBuffers.take(), rows };
  }

  /** Stages one chunk, then checks it against the store and writes what passes. */
  private async store(chunk: Chunk): Promise<void> {
    let staged: number;
    try {
      staged = await this.tx.copyFrom(STAGING_COPY, fromArray(chunk.parts));
    } finally {
      this.copyBuffers.release(chunk.parts);
    }
    const outcome = await checkAndWriteChunk(
      this.tx,
      this.batchId,
      staged,
      MAX_REPORTED_ERRORS - this.storeErrors.length,
    );
    this.rowsImported += outcome.written;
    this.rowsUnchanged += outcome.unchanged;
    this.rowsRejected += outcome.sampleRows + outcome.conflicts;
    this.errorLines += outcome.sampleLines + outcome.conflicts;
    for (const error of this.storeErrorsOf(outcome)) {
      if (this.storeErrors.length < MAX_REPORTED_ERRORS) this.storeErrors.push(error);
    }
    for (const s of outcome.series) this.series.set(`${s.siteId}\u001f${s.analyteCode}`, s);
    for (const round of outcome.rounds) this.rounds.add(round);
  }

  /** A chunk's refused rows as report lines, by row (a row's sample fields in column order). */
  private storeErrorsOf(outcome: ChunkOutcome): ReportedError[] {
    const errors: ReportedError[] = [];
    for (const d of outcome.sampleDifferences) {
      for (const field of d.fields) {
        const key = SAMPLE_FIELD_COLUMN[field] as LabColumnKey;
        const code: LabErrorCode = d.stored ? 'conflict_with_stored' : 'inconsistent_sample';
        const found = d.stored ? `stored ${describeSampleField(d.reference, field)}` : undefined;
        errors.push({
          row: d.row,
          column: this.headerOf[key] ?? key,
          code,
          message: labErrorMessage(code, 'en', found),
          messageZh: labErrorMessage(code, 'zh-CN', found?.replace('stored', '已入库')),
        });
      }
    }
    for (const c of outcome.storedConflicts) {
      const found = `${c.qualifier} ${c.valueNgL ?? ''} ng/L`.replace(/\s+/g, ' ').trim();
      errors.push({
        row: c.row,
        column: this.headerOf.value ?? 'value',
        code: 'conflict_with_stored',
        message: labErrorMessage('conflict_with_stored', 'en', `stored ${found}`),
        messageZh: labErrorMessage('conflict_with_stored', 'zh-CN', `已入库 ${found}`),
        measurementId: c.measurementId,
      });
    }
    return errors.sort((a, b) => a.row - b.row); // stable
  }

  report(sha256: string, dryRun: boolean): LabImportReport {
    const errors = [...this.fileErrors, ...this.storeErrors]
      .sort((a, b) => a.row - b.row)
      .slice(0, MAX_REPORTED_ERRORS);
    return {
      status: 'imported',
      rowsTotal: this.rowsTotal,
      rowsImported: this.rowsImported,
      rowsValid: this.rowsImported,
      rowsUnchanged: this.rowsUnchanged,
      rowsRejected: this.rowsRejected,
      errors,
      errorsTruncated: this.errorLines > MAX_REPORTED_ERRORS,
      notices: this.notices,
      batchId: this.batchId,
      fileSha256: sha256,
      mode: this.mode,
      dryRun,
      seriesQueued: 0,
    };
  }
}

async function* fromArray<T>(parts: readonly T[]): AsyncGenerator<T> {
  yield* parts;
}

function describeSampleField(sample: SampleFields, field: keyof SampleFields): string {
  const value = sample[field];
  if (value instanceof Date) return value.toISOString();
  return value === null ? '(empty)' : String(value);
}
