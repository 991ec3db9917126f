import type { Queryable } from '@skywater/core/db/db';
import type { CollectionType } from '@skywater/core/wastewater/collection-type';
import type { LabMeasurementRow } from '@skywater/core/wastewater/lab-rows';
import type { Qualifier } from '@skywater/core/wastewater/lab-value';
import type { SampleField } from '@skywater/core/wastewater/stored-result-comparison';

/**
 * The SQL of a lab import, set-based, a chunk of the file at a time: the rows that passed the
 * per-row checks are loaded with `COPY ... FROM STDIN` into a temporary staging table
 * (`lab_import_rows`, dropped at the end of the transaction), then checked against what is
 * stored and written in a few statements (`checkAndWriteChunk`). The comparisons are those of
 * `stored-result-comparison.ts` (`sampleDifferences`, `sameResult`), in SQL.
 */

/** The staging table; `copyLine` writes its rows in this column order. */
const STAGING_TABLE = `create temp table lab_import_rows (
  row_number integer not null,
  site_id bigint not null,
  round_id bigint not null,
  lab_sample_id text not null,
  collected_start timestamptz not null,
  collected_end timestamptz not null,
  collection_type text not null,
  flow_m3_per_day double precision,
  population integer,
  analyte_code text not null,
  replicate integer not null,
  qualifier text not null,
  value_ng_l double precision,
  lod_ng_l double precision,
  loq_ng_l double precision,
  uloq_ng_l double precision,
  method text,
  lab text,
  recovery_pct double precision
) on commit drop`;

export const STAGING_COPY = `copy lab_import_rows from stdin`;

/** Creates the (empty) staging table of this transaction. */
export async function createStaging(tx: Queryable): Promise<void> {
  await tx.exec(STAGING_TABLE);
}

/** One staged row as a line of COPY text (tab-separated, `\N` for null, ends with a newline). */
export function copyLine(row: LabMeasurementRow): string {
  return (
    `${row.row}\t${sampleColumns(row)}${copyText(row.analyteCode)}\t${row.replicate}\t${row.qualifier}\t` +
    `${copyNumber(row.valueNgL)}\t${copyNumber(row.lodNgL)}\t${copyNumber(row.loqNgL)}\t` +
    `${copyNumber(row.uloqNgL)}\t${copyText(row.method)}\t${copyText(row.lab)}\t${copyNumber(row.recoveryPct)}\n`
  );
}

// A sample's columns repeat on each of its rows (one row per analyte and replicate).
let lastSample: LabMeasurementRow | null = null;
let lastSampleColumns = '';

function sampleColumns(row: LabMeasurementRow): string {
  const last = lastSample;
  if (
    last !== null &&
    last.siteId === row.siteId &&
    last.roundId === row.roundId &&
    last.sampleId === row.sampleId &&
    last.collectedStart.getTime() === row.collectedStart.getTime() &&
    last.collectedEnd.getTime() === row.collectedEnd.getTime() &&
    last.collectionType === row.collectionType &&
    last.flowM3PerDay === row.flowM3PerDay &&
    last.population === row.population
  )
    return lastSampleColumns;
  lastSample = row;
  lastSampleColumns =
    `${copyText(String(row.siteId))}\t${copyText(String(row.roundId))}\t${copyText(row.sampleId)}\t` +
    `${row.collectedStart.toISOString()}\t${row.collectedEnd.toISOString()}\t${row.collectionType}\t` +
    `${copyNumber(row.flowM3PerDay)}\t${copyNumber(row.population === null ? null : Math.round(row.population))}\t`;
  return lastSampleColumns;
}

function copyNumber(value: number | null): string {
  return value === null ? '\\N' : String(value);
}

const COPY_SPECIAL = /[\\\t\n\r]/;

/** COPY text escaping: backslash, tab, newline and carriage return. */
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (ch) =>
    ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r',
  );
}

/** `sameNumber` of stored-result-comparison.ts in SQL: equal within one part in 10⁹, or both null. */
const sameNumber = (a: string, b: string) =>
  `((${a} is null and ${b} is null) or (${a} is not null and ${b} is not null and
     abs(${a} - ${b}) <= 1e-9 * greatest(abs(${a}), abs(${b}), 1e-9)))`;

/** Lab imports that write run one at a time: what they check stays true until they commit. */
export async function lockImports(tx: Queryable): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock(hashtext('skywater:lab-import'))`);
}

export interface ChunkOutcome {
  /** Rows refused for their sample (each row once, whatever the number of fields). */
  sampleRows: number;
  /** Report lines of those rows (one per differing field). */
  sampleLines: number;
  /** Rows identical to a stored result. */
  unchanged: number;
  /** Rows whose stored result differs. */
  conflicts: number;
  /** Measurements written. */
  written: number;
  /** The first refused-sample rows and stored conflicts, by row (at most `reportLimit` each). */
  sampleDifferences: SampleDifferenceRow[];
  storedConflicts: StoredConflictRow[];
  /** Series (site × analyte) and rounds of the measurements written. */
  series: { siteId: number; analyteCode: string }[];
  rounds: number[];
}

/**
 * Checks the staged rows (one chunk of the file) against the stored samples and results, writes
 * what passes, and empties the staging table for the next chunk:
 * - each sample's reference is the stored sample (created by an earlier chunk of this batch, or
 *   by another batch: then a difference is `conflict_with_stored`), else the chunk's first row
 *   that names it (a difference is `inconsistent_sample`);
 * - rows whose sample differs are refused; rows whose result is stored by another batch are
 *   unchanged or conflicts; new samples, then the other measurements are inserted in file order.
 */
export async function checkAndWriteChunk(
  tx: Queryable,
  batchId: number,
  staged: number,
  reportLimit: number,
): Promise<ChunkOutcome> {
  await tx.exec(`drop table if exists lab_import_samples, lab_import_sample_diffs, lab_import_stored;
    analyze lab_import_rows`);
  await tx.query(
    `create temp table lab_import_samples on commit drop as
    select f.site_id, f.round_id, f.lab_sample_id, s.id as stored_id,
      s.id is not null and s.batch_id is distinct from ${Number(batchId)} as stored_before,
      case when s.id is null then f.collected_start else s.collected_start end as collected_start,
      case when s.id is null then f.collected_end else s.collected_end end as collected_end,
      case when s.id is null then f.collection_type else s.collection_type end as collection_type,
      case when s.id is null then f.flow_m3_per_day else s.flow_m3_per_day end as flow_m3_per_day,
      case when s.id is null then f.population else s.population end as population
    from (select distinct on (site_id, round_id, lab_sample_id)
            site_id, round_id, lab_sample_id, collected_start, collected_end, collection_type,
            flow_m3_per_day, population
          from lab_import_rows order by site_id, round_id, lab_sample_id, row_number) f
    left join samples s
      on s.site_id = f.site_id and s.round_id = f.round_id and s.lab_sample_id = f.lab_sample_id`,
  );
  await tx.exec(`analyze lab_import_samples;
    create temp table lab_import_sample_diffs on commit drop as
    select row_number, stored_before, d_start, d_end, d_type, d_flow, d_population,
      collected_start, collected_end, collection_type, flow_m3_per_day, population
    from (
      select r.row_number, p.stored_before,
        r.collected_start <> p.collected_start as d_start,
        r.collected_end <> p.collected_end as d_end,
        r.collection_type <> p.collection_type as d_type,
        not ${sameNumber('r.flow_m3_per_day', 'p.flow_m3_per_day')} as d_flow,
        coalesce(not ${sameNumber('r.population::float8', 'p.population::float8')}, false) as d_population,
        p.collected_start, p.collected_end, p.collection_type, p.flow_m3_per_day, p.population
      from lab_import_rows r
      join lab_import_samples p
        on p.site_id = r.site_id and p.round_id = r.round_id and p.lab_sample_id = r.lab_sample_id
    ) d
    where d_start or d_end or d_type or d_flow or d_population`);
  const diffs = await tx.query<{ rows: number; lines: number }>(
    `select count(*)::int as rows,
       coalesce(sum(d_start::int + d_end::int + d_type::int + d_flow::int + d_population::int), 0)::int as lines
     from lab_import_sample_diffs`,
  );
  const { rows: sampleRows, lines: sampleLines } = diffs.rows[0]!;
  let sampleDifferences: SampleDifferenceRow[] = [];
  if (sampleRows > 0) {
    if (reportLimit > 0) sampleDifferences = await selectSampleDifferences(tx, reportLimit);
    await tx.query(
      `delete from lab_import_rows r using lab_import_sample_diffs d where r.row_number = d.row_number`,
    );
  }
  await tx.query(
    `insert into samples (site_id, round_id, lab_sample_id, collected_start, collected_end, collection_type,
       flow_m3_per_day, population, population_source, batch_id)
     select site_id, round_id, lab_sample_id, collected_start, collected_end, collection_type,
       flow_m3_per_day, population, case when population is null then null else 'lab_file' end, $1
     from lab_import_samples where stored_id is null
     order by site_id, round_id, lab_sample_id`,
    [batchId],
  );
  // Results stored by another batch (only a sample stored before can have any).
  await tx.query(
    `create temp table lab_import_stored on commit drop as
    select r.row_number, m.id as measurement_id, m.qualifier, m.value_ng_l,
      (m.qualifier = r.qualifier and ${sameNumber('m.value_ng_l', 'r.value_ng_l')}) as same
    from lab_import_samples p
    join lab_import_rows r
      on r.site_id = p.site_id and r.round_id = p.round_id and r.lab_sample_id = p.lab_sample_id
    join measurements m
      on m.sample_id = p.stored_id and m.analyte_code = r.analyte_code and m.replicate = r.replicate
    where p.stored_before and m.batch_id is distinct from ${Number(batchId)}`,
  );
  await tx.exec(`analyze lab_import_stored`);
  const stored = await tx.query<{ unchanged: number; conflicts: number }>(
    `select count(*) filter (where same)::int as unchanged, count(*) filter (where not same)::int as conflicts
     from lab_import_stored`,
  );
  const { unchanged, conflicts } = stored.rows[0]!;
  const storedConflicts =
    conflicts > 0 && reportLimit > 0 ? await selectStoredConflicts(tx, reportLimit) : [];
  const notStored = `not exists (select 1 from lab_import_stored t where t.row_number = r.row_number)`;
  const { rowCount: written } = await tx.query(
    `insert into measurements (sample_id, analyte_code, replicate, qualifier, value_ng_l, lod_ng_l, loq_ng_l,
       uloq_ng_l, method, lab, recovery_pct, batch_id)
     select s.id, r.analyte_code, r.replicate, r.qualifier, r.value_ng_l, r.lod_ng_l, r.loq_ng_l,
       r.uloq_ng_l, r.method, r.lab, r.recovery_pct, $1
     from lab_import_rows r
     join samples s on s.site_id = r.site_id and s.round_id = r.round_id and s.lab_sample_id = r.lab_sample_id
     where ${notStored}
     order by r.row_number`,
    [batchId],
  );
  const expected = staged - sampleRows - unchanged - conflicts;
  if (written !== expected)
    throw new Error(`lab import: ${written} measurements written, ${expected} expected`);
  const series = await tx.query<{ site_id: number; analyte_code: string }>(
    `select distinct r.site_id, r.analyte_code from lab_import_rows r where ${notStored} order by 1, 2`,
  );
  const rounds = await tx.query<{ round_id: number }>(
    `select distinct r.round_id from lab_import_rows r where ${notStored} order by 1`,
  );
  await tx.exec(`truncate lab_import_rows`);
  return {
    sampleRows,
    sampleLines,
    unchanged,
    conflicts,
    written,
    sampleDifferences,
    storedConflicts,
    series: series.rows.map((x) => ({ siteId: Number(x.site_id), analyteCode: x.analyte_code })),
    rounds: rounds.rows.map((x) => Number(x.round_id)),
  };
}

export interface SampleDifferenceRow {
  row: number;
  /** The reference is a sample stored by another batch (else this file's first row of it). */
  stored: boolean;
  fields: SampleField[];
  reference: {
    collectedStart: Date;
    collectedEnd: Date;
    collectionType: CollectionType;
    flowM3PerDay: number | null;
    population: number | null;
  };
}

/** The first `limit` rows refused for their sample, by row. */
async function selectSampleDifferences(tx: Queryable, limit: number): Promise<SampleDifferenceRow[]> {
  const { rows } = await tx.query<{
    row_number: number;
    stored_before: boolean;
    d_start: boolean;
    d_end: boolean;
    d_type: boolean;
    d_flow: boolean;
    d_population: boolean;
    collected_start: Date;
    collected_end: Date;
    collection_type: CollectionType;
    flow_m3_per_day: number | null;
    population: number | null;
  }>(`select * from lab_import_sample_diffs order by row_number limit $1`, [limit]);
  return rows.map((d) => {
    const fields: SampleField[] = [];
    if (d.d_start) fields.push('collectedStart');
    if (d.d_end) fields.push('collectedEnd');
    if (d.d_type) fields.push('collectionType');
    if (d.d_flow) fields.push('flowM3PerDay');
    if (d.d_population) fields.push('population');
    return {
      row: d.row_number,
      stored: d.stored_before,
      fields,
      reference: {
        collectedStart: new Date(d.collected_start),
        collectedEnd: new Date(d.collected_end),
        collectionType: d.collection_type,
        flowM3PerDay: d.flow_m3_per_day,
        population: d.population,
      },
    };
  });
}

export interface StoredConflictRow {
  row: number;
  measurementId: number;
  qualifier: Qualifier;
  valueNgL: number | null;
}

/** The first `limit` rows whose stored result differs, by row. */
async function selectStoredConflicts(tx: Queryable, limit: number): Promise<StoredConflictRow[]> {
  const { rows } = await tx.query<{
    row_number: number;
    measurement_id: number;
    qualifier: Qualifier;
    value_ng_l: number | null;
  }>(
    `select row_number, measurement_id, qualifier, value_ng_l from lab_import_stored
     where not same order by row_number limit $1`,
    [limit],
  );
  return rows.map((c) => ({
    row: c.row_number,
    measurementId: c.measurement_id,
    qualifier: c.qualifier,
    valueNgL: c.value_ng_l,
  }));
}
