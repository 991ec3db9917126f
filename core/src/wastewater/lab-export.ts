import type { CollectionType } from './collection-type';
import { csvLine } from './csv-cell';
import { SHANGHAI_OFFSET_MINUTES } from './lab-dates';
import { LAB_COLUMNS, type LabColumnKey } from './lab-template';
import type { Qualifier } from './lab-value';

/** A stored measurement with its sample, as the export reads it (all concentrations in ng/L). */
export interface StoredLabResult {
  /** The measurement's id (the last export column), for corrections; absent before storing. */
  id?: number;
  siteCode: string;
  roundName: string;
  sampleId: string;
  collectedStart: Date;
  collectedEnd: Date;
  collectionType: CollectionType;
  flowM3PerDay: number | null;
  population: number | null;
  analyteCode: string;
  qualifier: Qualifier;
  valueNgL: number | null;
  lodNgL: number | null;
  loqNgL: number | null;
  uloqNgL: number | null;
  lab: string | null;
  method: string | null;
  replicate: number;
  recoveryPct: number | null;
}

/**
 * A date-time as a lab would read it, in Asia/Shanghai with its offset written out, so the
 * export re-imports to the same instant: `2025-03-24T08:00:00+08:00`.
 */
export function shanghaiDateTime(instant: Date): string {
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MINUTES * 60_000);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}

/**
 * The value cell of a stored result: the number for `=`, the qualifier word for a non-detect
 * (its limit is in the `lod`/`loq` columns), `>limit` above the calibrated range. Read back by
 * `parseLabValue`, each gives the same qualifier and value.
 */
export function exportValueCell(
  result: Pick<StoredLabResult, 'qualifier' | 'valueNgL' | 'uloqNgL'>,
): string | number {
  switch (result.qualifier) {
    case '=':
      return result.valueNgL ?? '';
    case '>ULOQ':
      return result.uloqNgL === null ? '>ULOQ' : `>${result.uloqNgL}`;
    default:
      return result.qualifier;
  }
}

/** The cells of one result in template column order (`LAB_COLUMNS`), units ng/L. */
export function exportCells(result: StoredLabResult): (string | number | null)[] {
  const byKey: Record<LabColumnKey, string | number | null> = {
    site_code: result.siteCode,
    round: result.roundName,
    sample_id: result.sampleId,
    collected_start: shanghaiDateTime(result.collectedStart),
    collected_end: shanghaiDateTime(result.collectedEnd),
    collection_type: result.collectionType,
    flow_m3_per_day: result.flowM3PerDay,
    population: result.population,
    analyte: result.analyteCode,
    value: exportValueCell(result),
    unit: 'ng/L',
    lod: result.lodNgL,
    loq: result.loqNgL,
    lab: result.lab,
    method: result.method,
    replicate: result.replicate,
    recovery_pct: result.recoveryPct,
  };
  return LAB_COLUMNS.map((column) => byKey[column.key]);
}

/**
 * The column after the template's: the stored result's id, which a correction names
 * (`POST /api/measurements/:id/corrections`). Re-imported, it is an unknown column, ignored.
 */
export const RESULT_ID_HEADER = { en: 'result_id', zh: '结果编号' } as const;

/**
 * The export's header line: the template's headers (English or Chinese) and the result id,
 * UTF-8 BOM first so Excel reads the Chinese correctly.
 */
export function exportHeaderLine(language: 'en' | 'zh' = 'en'): string {
  return `\uFEFF${csvLine([...LAB_COLUMNS.map((column) => column[language]), RESULT_ID_HEADER[language]])}`;
}

/**
 * One CSV line of a result, formula-injection safe (`csvCell`: a text starting with `=`, `+`,
 * `-`, `@` gets a leading `'`), so a lab name such as `=HYPERLINK(...)` is never run by Excel.
 */
export function exportLine(result: StoredLabResult): string {
  return csvLine([...exportCells(result), result.id ?? null]);
}
