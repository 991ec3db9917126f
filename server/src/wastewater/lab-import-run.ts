import type { Queryable } from '@skywater/core/db/db';
import { labErrorMessage, type LabErrorCode } from '@skywater/core/wastewater/lab-error-messages';
import type { LabColumnKey } from '@skywater/core/wastewater/lab-template';
import type { LabValidationEvent } from '@skywater/core/wastewater/lab-validation';
import { SAMPLE_FIELD_COLUMN, type SampleFields } from '@skywater/core/wastewater/stored-result-comparison';
import { CopyBuffers } from './copy-buffers';
import type { CheckedRows, DraftChunk } from './lab-import-drafts';
import { checkAndWriteChunk, copyLine, STAGING_COPY, type ChunkOutcome } from './lab-import-store';
import { reportError } from './lab-import-report';
import {
  MAX_REPORTED_ERRORS,
  type ImportMode,
  type LabImportReport,
  type ReportedError,
} from './lab-import-types';

/**
 * Rows checked and written per chunk. The next chunk is parsed while the database works on this
 * one (on a server that is another process, another core).
 */
const CHUNK_ROWS = 10_000;

/** A chunk of rows that passed the per-row checks, as COPY text in UTF-8 bytes. */
interface Chunk {
  parts: Buffer[];
  rows: number;
}

/**
 * One import's rows as they stream through: rows refused by the per-row checks are counted and
 * reported here; the others are staged and checked against the store a chunk at a time, each
 * chunk while the next is parsed. Memory stays flat: nothing per row is kept (the report keeps
 * its first MAX_REPORTED_ERRORS lines of each kind; counts stay exact).
 */
export class ImportRun {
  private headerOf: Partial<Record<LabColumnKey, string>> = {};
  private notices: ReportedError[] = [];
  private rowsTotal = 0;
  private rowsImported = 0;
  private rowsUnchanged = 0;
  /** Rows refused by the per-row checks, and their report lines. */
  private fileRowsRejected = 0;
  private fileErrorLines = 0;
  /** Rows refused against the store, and their report lines. */
  private storeRowsRejected = 0;
  private storeErrorLines = 0;
  /** The first report lines of rows refused by the per-row checks, by row. */
  private readonly fileErrors: ReportedError[] = [];
  /** The first report lines of rows refused against the store, by row. */
  private readonly storeErrors: ReportedError[] = [];
  private readonly copyBuffers = new CopyBuffers();
  readonly series = new Map<string, { siteId: number; analyteCode: string }>();
  readonly rounds = new Set<number>();

  constructor(
    private readonly tx: Queryable,
    private readonly batchId: number,
    private readonly mode: ImportMode,
    /** The offices whose sites and rounds rows may name; undefined: every office. */
    private readonly officeIds?: number[],
  ) {}

  /**
   * Reads every event, checking and writing the rows a chunk at a time; `keep` receives each
   * chunk's COPY text first (a dry run keeps it so that its commit needs no second upload).
   */
  async load(
    events: AsyncIterable<LabValidationEvent>,
    keep?: (chunk: Chunk) => Promise<void>,
  ): Promise<void> {
    await this.pipe(events, async (chunk) => {
      await keep?.(chunk);
      await this.store(chunk);
    });
  }

  /** Stages, checks and writes a dry run's rows, whose per-row checks it restores from `checked`. */
  async replay(checked: CheckedRows, chunks: AsyncIterable<DraftChunk>): Promise<void> {
    this.headerOf = checked.headerOf;
    this.notices = checked.notices;
    this.rowsTotal = checked.rowsTotal;
    this.fileRowsRejected = checked.rowsRejected;
    this.fileErrors.push(...checked.fileErrors);
    this.fileErrorLines = checked.errorLines;
    for await (const { copyText, rows } of chunks) {
      const parts = [Buffer.from(copyText.buffer, copyText.byteOffset, copyText.byteLength)];
      await this.store({ parts, rows }, false);
    }
  }

  /** What the per-row checks found (before any chunk is checked against the store). */
  checkedRows(): CheckedRows {
    return {
      headerOf: this.headerOf,
      notices: this.notices,
      rowsTotal: this.rowsTotal,
      rowsRejected: this.fileRowsRejected,
      fileErrors: this.fileErrors,
      errorLines: this.fileErrorLines,
    };
  }

  /** Parses the next chunk while `take` works on this one. */
  private async pipe(events: AsyncIterable<LabValidationEvent>, take: (chunk: Chunk) => Promise<void>) {
    let inFlight: Promise<void> | null = null;
    try {
      for await (const chunk of this.chunks(events)) {
        if (inFlight) await inFlight;
        inFlight = take(chunk);
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
        this.fileRowsRejected++;
        for (const error of event.errors) {
          this.fileErrorLines++;
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
  private async store(chunk: Chunk, ownBuffers = true): Promise<void> {
    let staged: number;
    try {
      staged = await this.tx.copyFrom(STAGING_COPY, fromArray(chunk.parts));
    } finally {
      if (ownBuffers) this.copyBuffers.release(chunk.parts);
    }
    staged -= await this.refuseOutOfScope();
    const outcome = await checkAndWriteChunk(
      this.tx,
      this.batchId,
      staged,
      MAX_REPORTED_ERRORS - this.storeErrors.length,
    );
    this.rowsImported += outcome.written;
    this.rowsUnchanged += outcome.unchanged;
    this.storeRowsRejected += outcome.sampleRows + outcome.conflicts;
    this.storeErrorLines += outcome.sampleLines + outcome.conflicts;
    for (const error of this.storeErrorsOf(outcome)) {
      if (this.storeErrors.length < MAX_REPORTED_ERRORS) this.storeErrors.push(error);
    }
    for (const s of outcome.series) this.series.set(`${s.siteId}\u001f${s.analyteCode}`, s);
    for (const round of outcome.rounds) this.rounds.add(round);
  }

  /**
   * Removes the staged rows whose site or round belongs to an office outside `officeIds` (a dry
   * run's rows are committed under the committer's scope of the moment, which may have narrowed,
   * and a site may have moved since the lookups were read), each refused as unknown. Returns how
   * many rows went.
   */
  private async refuseOutOfScope(): Promise<number> {
    if (!this.officeIds) return 0;
    const { rows } = await this.tx.query<{ row_number: number; site_out: boolean; round_out: boolean }>(
      `with refused as (
         delete from lab_import_rows r
         where not exists (select 1 from sites s where s.id = r.site_id and s.office_id = any($1::bigint[]))
            or not exists (select 1 from rounds o where o.id = r.round_id and o.office_id = any($1::bigint[]))
         returning r.row_number, r.site_id, r.round_id
       )
       select f.row_number,
              not exists (select 1 from sites s where s.id = f.site_id and s.office_id = any($1::bigint[])) as site_out,
              not exists (select 1 from rounds o where o.id = f.round_id and o.office_id = any($1::bigint[])) as round_out
       from refused f order by f.row_number`,
      [this.officeIds],
    );
    for (const row of rows) {
      this.storeRowsRejected++;
      const codes: [LabErrorCode, LabColumnKey][] = [];
      if (row.site_out) codes.push(['unknown_site', 'site_code']);
      if (row.round_out) codes.push(['unknown_round', 'round']);
      for (const [code, key] of codes) {
        this.storeErrorLines++;
        if (this.storeErrors.length >= MAX_REPORTED_ERRORS) continue;
        this.storeErrors.push({
          row: row.row_number,
          column: this.headerOf[key] ?? key,
          code,
          message: labErrorMessage(code, 'en'),
          messageZh: labErrorMessage(code, 'zh-CN'),
        });
      }
    }
    return rows.length;
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
      rowsRejected: this.fileRowsRejected + this.storeRowsRejected,
      errors,
      errorsTruncated: this.fileErrorLines + this.storeErrorLines > MAX_REPORTED_ERRORS,
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
