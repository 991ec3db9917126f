import { resolveAnalyte, type Analyte } from './analytes';
import type { CollectionType } from './collection-type';
import { parseLabDateTime } from './lab-dates';
import type { LabErrorCode } from './lab-error-messages';
import type { LabRecord } from './lab-rows';
import { parseLabNumber } from './lab-value';

/**
 * PHES-ODM v2 (Public Health Environmental Surveillance Open Data Model, v2.2.3 dictionary)
 * samples + measures tables → records in our template's columns, which then go through the
 * same `parseLabRecord` checks as a lab upload. ODM has no drug analytes: a measure maps when
 * `measureToAnalyte` names it or when its code or name is one of ours. Real exports drop
 * trailing empty cells (the Delatolla CSVs omit `notes`): read them with `relax_column_count`.
 */

/** A CSV row of an ODM table, keyed by its header (csv-parse `columns: true`). */
export type OdmRow = Readonly<Record<string, string | undefined>>;

/** ODM `collType` → ours. `comp` (composite, proportionality unknown) and the others do not map. */
export const ODM_COLLECTION_TYPES: Readonly<Record<string, CollectionType>> = {
  flowPr: 'composite_flow',
  flow24hDep: 'composite_flow',
  timePr: 'composite_time',
  tp24s: 'composite_time',
  volPr: 'composite_volume',
  grb: 'grab',
  repGrab: 'grab',
};

/** ODM concentration units → our unit spellings. */
export const ODM_CONCENTRATION_UNITS: Readonly<Record<string, string>> = {
  ugL: 'µg/L',
  mgL: 'mg/L',
  gm3: 'mg/L',
  ngL: 'ng/L',
};

/** ODM flow units (`floRate` measures) → factor to m³/day. */
const ODM_FLOW_UNITS_TO_M3_PER_DAY: Readonly<Record<string, number>> = {
  m3D: 1,
  m3H: 24,
  m3S: 86_400,
  mld: 1_000,
};

/** Sample materials that are wastewater as it arrives: raw sewage, post-grit, upstream sewage. */
export const DEFAULT_ODM_MATERIALS: readonly string[] = ['rawWW', 'pstGrit', 'rawWWup'];

export interface OdmMappingOptions {
  /** The round each sample belongs to (ODM has no rounds): a name, or one chosen by date. */
  roundName: string | ((collectedStart: Date) => string);
  /** ODM measure code → our analyte code, for labs that code drugs in `measure` or `measOth`. */
  measureToAnalyte?: Readonly<Record<string, string>>;
  resolveAnalyte?: (text: string) => Analyte | undefined;
  /** Accepted `saMaterial` values; default raw wastewater only. */
  materials?: readonly string[];
  /** Offset for ODM date-times written without one; default +480 (Asia/Shanghai). */
  defaultOffsetMinutes?: number;
  /** `sites` table rows, for `popServ` as the population. */
  sites?: Iterable<OdmRow>;
}

/** An ODM row that does not become one of ours, and why. */
export interface OdmUnmapped {
  table: 'samples' | 'measures';
  /** CSV row number (header = 1). */
  row: number;
  id: string;
  field: string;
  found: string;
  code: LabErrorCode;
}

export interface OdmMapping {
  /** Records in template columns, with the measures-table row they came from. */
  records: { row: number; record: LabRecord }[];
  unmapped: OdmUnmapped[];
}

interface OdmSample {
  row: number;
  siteId: string;
  collectionType: CollectionType | undefined;
  collTypeRaw: string;
  material: string;
  start: Date | undefined;
  end: Date | undefined;
}

const cell = (row: OdmRow, column: string): string => (row[column] ?? '').trim();
const present = (text: string): boolean => text !== '' && text !== 'NA' && text !== 'NR';

/**
 * Maps the samples and measures tables. Each measure row becomes one record or one or more
 * `unmapped` entries (one per field that does not map). Sample rows repeated identically (as in
 * ODM exports that repeat a sample per measure) count once.
 */
export function mapPhesOdm(
  samples: Iterable<OdmRow>,
  measures: Iterable<OdmRow>,
  options: OdmMappingOptions,
): OdmMapping {
  const unmapped: OdmUnmapped[] = [];
  const sampleById = readSamples(samples, options, unmapped);
  const populationBySite = new Map<string, string>();
  for (const site of options.sites ?? []) {
    if (present(cell(site, 'popServ'))) populationBySite.set(cell(site, 'siteID'), cell(site, 'popServ'));
  }

  const measureRows = [...measures];
  const flowBySample = readFlows(measureRows);
  const replicateCounter = new Map<string, number>();
  const records: OdmMapping['records'] = [];
  const materials = new Set(options.materials ?? DEFAULT_ODM_MATERIALS);
  const resolve = options.resolveAnalyte ?? ((text: string) => resolveAnalyte(text));

  measureRows.forEach((measure, index) => {
    const row = index + 2;
    const id = cell(measure, 'measureRepID');
    const code = cell(measure, 'measure');
    if (code === 'floRate') return; // consumed as the sample's flow
    const problems: OdmUnmapped[] = [];
    const problem = (field: string, found: string, errorCode: LabErrorCode) =>
      problems.push({ table: 'measures', row, id, field, found, code: errorCode });

    const sampleId = cell(measure, 'sampleID');
    const sample = sampleById.get(sampleId);
    if (!sample) problem('sampleID', sampleId, 'unknown_sample');
    const analyte = resolve(options.measureToAnalyte?.[code] ?? code);
    if (!analyte) problem('measure', code, 'unknown_analyte');
    const aggregation = cell(measure, 'aggregation');
    if (aggregation !== 'sin' && aggregation !== 'single')
      problem('aggregation', aggregation, 'unmappable_measure');
    const unit = ODM_CONCENTRATION_UNITS[cell(measure, 'unit')];
    if (!unit) problem('unit', cell(measure, 'unit'), 'impossible_unit');
    if (sample && !materials.has(sample.material))
      problem('saMaterial', sample.material, 'unmappable_measure');
    if (sample && !sample.collectionType) problem('collType', sample.collTypeRaw, 'invalid_collection_type');
    if (sample && (!sample.start || !sample.end)) problem('collDT', '', 'invalid_date');
    if (problems.length > 0 || !sample || !analyte || !unit || !sample.start || !sample.end) {
      unmapped.push(...problems);
      return;
    }

    const replicateKey = `${sampleId}\u001f${analyte.code}`;
    const replicate = (replicateCounter.get(replicateKey) ?? 0) + 1;
    replicateCounter.set(replicateKey, replicate);
    const siteId = cell(measure, 'siteID') || sample.siteId;
    const roundName =
      typeof options.roundName === 'function' ? options.roundName(sample.start) : options.roundName;
    const flow = flowBySample.get(sampleId);
    records.push({
      row,
      record: {
        site_code: siteId,
        round: roundName,
        sample_id: sampleId,
        collected_start: sample.start.toISOString(),
        collected_end: sample.end.toISOString(),
        collection_type: sample.collectionType,
        flow_m3_per_day: flow ?? null,
        population: populationBySite.get(siteId) ?? null,
        analyte: analyte.code,
        value: cell(measure, 'value'),
        unit,
        lab: cell(measure, 'organizationID') || null,
        method: cell(measure, 'protocolID') || null,
        replicate: String(replicate),
      },
    });
  });
  return { records, unmapped };
}

function readSamples(
  samples: Iterable<OdmRow>,
  options: OdmMappingOptions,
  unmapped: OdmUnmapped[],
): Map<string, OdmSample> {
  const byId = new Map<string, OdmSample>();
  const dateOptions =
    options.defaultOffsetMinutes === undefined ? {} : { defaultOffsetMinutes: options.defaultOffsetMinutes };
  const parseDate = (text: string): Date | undefined => {
    if (!present(text)) return undefined;
    const parsed = parseLabDateTime(text, dateOptions);
    return parsed.ok ? parsed.value : undefined;
  };
  let index = 0;
  for (const sample of samples) {
    const row = index++ + 2;
    const id = cell(sample, 'sampleID');
    if (byId.has(id)) continue;
    const collTypeRaw = cell(sample, 'collType');
    const collectionType = ODM_COLLECTION_TYPES[collTypeRaw];
    // Explicit start and end win; otherwise collDT is the start and collPer (hours) the duration,
    // and a grab sample starts and ends at collDT (PHES-ODM v2.2.3 part descriptions).
    let start = parseDate(cell(sample, 'collDTStart'));
    let end = parseDate(cell(sample, 'collDTEnd'));
    const collDT = parseDate(cell(sample, 'collDT'));
    const hours = parseLabNumber(cell(sample, 'collPer'));
    if (!start && collDT) start = collDT;
    if (!end && start) {
      end =
        collectionType === 'grab' || !hours.ok ? start : new Date(start.getTime() + hours.value * 3_600_000);
    }
    if (!start || !end) {
      unmapped.push({
        table: 'samples',
        row,
        id,
        field: 'collDT',
        found: cell(sample, 'collDT'),
        code: 'invalid_date',
      });
    }
    byId.set(id, {
      row,
      siteId: cell(sample, 'siteID'),
      collectionType,
      collTypeRaw,
      material: cell(sample, 'saMaterial'),
      start,
      end,
    });
  }
  return byId;
}

/**
 * Flow per sample from `floRate` measures, as the text the lab row validation reads: m³/day when
 * the value is a number in a known unit, else the value as sent, so a flow of `NaN` or `1e309`
 * is refused as an invalid number, not as a missing one.
 */
function readFlows(measures: readonly OdmRow[]): Map<string, string> {
  const flows = new Map<string, string>();
  for (const measure of measures) {
    if (cell(measure, 'measure') !== 'floRate') continue;
    const factor = ODM_FLOW_UNITS_TO_M3_PER_DAY[cell(measure, 'unit')];
    const text = cell(measure, 'value');
    const value = parseLabNumber(text);
    if (factor === undefined) continue;
    flows.set(cell(measure, 'sampleID'), value.ok ? String(value.value * factor) : text);
  }
  return flows;
}
