import { resolveAnalyte as resolveFromCatalogue, type Analyte } from './analytes';
import { foldCellText } from './cell-text';
import { parseCollectionType, type CollectionType } from './collection-type';
import { parseLabDateTime } from './lab-dates';
import { labRowError, type LabErrorCode, type LabLocale, type LabRowError } from './lab-error-messages';
import type { HeaderMap, LabColumnKey } from './lab-template';
import { parseLabNumber, parseLabValue, type Qualifier } from './lab-value';
import { parseFailure, parsedValue, type Parsed } from './parsed';
import {
  boundFor,
  describeVerdict,
  judgeValue,
  type PlausibilityBound,
  type PlausibilityQuantity,
} from './plausibility-bounds';
import { NG_PER_L_PER_UNIT, resolveConcentrationUnit, type ConcentrationUnit } from './units';

/** A cell as the CSV or XLSX reader gives it. Formulas arrive as their text, never evaluated. */
export type LabCell = string | number | boolean | Date | null | undefined;

/** A row keyed by template column, before validation (from a file row or a PHES-ODM record). */
export type LabRecord = Partial<Record<LabColumnKey, LabCell>>;

export type RecordId = string | number;

/** Lookups the import supplies, so parsing stays pure: codes and names → stored ids. */
export interface LabRowContext {
  siteIdByCode: ReadonlyMap<string, RecordId> | ((code: string) => RecordId | undefined);
  /**
   * A round by its name; the function form also gets the row's site (undefined when the site is
   * unknown), as a round name is unique only within an office.
   */
  roundIdByName:
    ReadonlyMap<string, RecordId> | ((name: string, siteId: RecordId | undefined) => RecordId | undefined);
  /** Whether a name that found no round matches several (`ambiguous_round` instead of `unknown_round`). */
  roundAmbiguous?: (name: string, siteId: RecordId | undefined) => boolean;
  /** Whether a round (by id) is closed: its rows are refused with `round_closed`. Default: none is. */
  roundClosed?: (roundId: RecordId) => boolean;
  /** Defaults to the seed catalogue. */
  resolveAnalyte?: (text: string) => Analyte | undefined;
  /** Minutes east of UTC for date-times without an offset; default +480 (Asia/Shanghai). */
  defaultOffsetMinutes?: number;
  /** Language of the error messages; default zh-CN. */
  locale?: LabLocale;
  /** The kind of a site (`wwtp`, `venue`, ...) by its code, for the plausibility bounds. */
  siteKindOf?: (code: string) => string | undefined;
  /** Bounds an admin stored; they win over DEFAULT_PLAUSIBILITY_BOUNDS. */
  plausibilityBounds?: readonly PlausibilityBound[];
}

/** One validated measurement, in ng/L, ready to be stored. */
export interface LabMeasurementRow {
  row: number;
  siteCode: string;
  siteId: RecordId;
  roundName: string;
  roundId: RecordId;
  sampleId: string;
  collectedStart: Date;
  collectedEnd: Date;
  collectionType: CollectionType;
  flowM3PerDay: number | null;
  population: number | null;
  analyteCode: string;
  qualifier: Qualifier;
  /** Null unless the qualifier is `=`: a non-detect is never a number. */
  valueNgL: number | null;
  lodNgL: number | null;
  /** The LOQ column, or the limit written in the value cell (`<5`). */
  loqNgL: number | null;
  /** The upper limit written in the value cell (`>5000`). */
  uloqNgL: number | null;
  unit: ConcentrationUnit;
  lab: string | null;
  method: string | null;
  replicate: number;
  recoveryPct: number | null;
}

/** A valid row may carry notices: values beyond a soft bound, stored but to be confirmed by the lab. */
export type LabRowResult =
  { ok: true; row: LabMeasurementRow; notices?: LabRowError[] } | { ok: false; errors: LabRowError[] };

/**
 * Checks one spreadsheet row and turns it into a measurement, or lists every problem in it.
 * @param cells the row's cells in file order
 * @param headerMap from `mapHeaders` on the file's header row
 * @param rowNumber the spreadsheet row number (header = 1) used in the report
 */
export function parseLabRow(
  cells: readonly LabCell[],
  headerMap: HeaderMap,
  context: LabRowContext,
  rowNumber: number,
): LabRowResult {
  const record: LabRecord = {};
  for (const [key, index] of columnsOf(headerMap)) record[key] = cells[index];
  const result = parseLabRecord(record, context, rowNumber, headerMap.headerOf);
  let extra = false;
  for (let i = headerMap.width; i < cells.length && !extra; i++) extra = !isBlank(cells[i]);
  if (!extra) return result;
  const error = labRowError(
    rowNumber,
    null,
    'extra_cells',
    context.locale,
    `${cells.length} > ${headerMap.width}`,
  );
  return { ok: false, errors: result.ok ? [error] : [...result.errors, error] };
}

// A file's columns, listed once per header rather than once per row.
const columnsMemo = new WeakMap<HeaderMap, [LabColumnKey, number][]>();

function columnsOf(headerMap: HeaderMap): [LabColumnKey, number][] {
  let columns = columnsMemo.get(headerMap);
  if (!columns) {
    columns = Object.entries(headerMap.indexOf) as [LabColumnKey, number][];
    columnsMemo.set(headerMap, columns);
  }
  return columns;
}

/**
 * Checks a record keyed by template column (see `parseLabRow`).
 * @param headerOf the column names to quote in errors; defaults to the English keys.
 */
export function parseLabRecord(
  record: LabRecord,
  context: LabRowContext,
  rowNumber: number,
  headerOf: Partial<Record<LabColumnKey, string>> = {},
): LabRowResult {
  const check = new RowCheck(record, rowNumber, headerOf, context.locale ?? 'zh-CN');
  const errors = check.errors;

  const siteCode = check.required('site_code');
  const siteId = siteCode === undefined ? undefined : lookup(context.siteIdByCode, siteCode);
  if (siteCode !== undefined && siteId === undefined) check.fail('site_code', 'unknown_site', siteCode);

  const roundName = check.required('round');
  const roundId =
    roundName === undefined
      ? undefined
      : typeof context.roundIdByName === 'function'
        ? context.roundIdByName(roundName, siteId)
        : context.roundIdByName.get(roundName);
  if (roundName !== undefined && roundId === undefined)
    check.fail(
      'round',
      context.roundAmbiguous?.(roundName, siteId) ? 'ambiguous_round' : 'unknown_round',
      roundName,
    );
  else if (roundId !== undefined && context.roundClosed?.(roundId))
    check.fail('round', 'round_closed', roundName);

  const sampleId = check.required('sample_id');

  const dateOptions =
    context.defaultOffsetMinutes === undefined ? {} : { defaultOffsetMinutes: context.defaultOffsetMinutes };
  const start = check.take('collected_start', dateCell(record.collected_start, dateOptions));
  const end = check.take('collected_end', dateCell(record.collected_end, dateOptions));
  if (start && end && end.getTime() < start.getTime())
    check.fail('collected_end', 'end_before_start', check.text('collected_end'));

  const collectionType = check.take(
    'collection_type',
    memoized(collectionTypeMemo, check.text('collection_type'), parseCollectionType),
  );

  const flow = optionalNumber(record.flow_m3_per_day);
  const flowM3PerDay = check.take('flow_m3_per_day', flow);
  if (flow.ok && flow.value === null && collectionType !== undefined && collectionType !== 'grab') {
    check.fail('flow_m3_per_day', 'missing_value');
  }
  const population = check.take('population', optionalNumber(record.population, { positive: true }));

  const analyteText = check.required('analyte');
  const analyte = analyteText === undefined ? undefined : resolveAnalyteOf(context, analyteText);
  if (analyteText !== undefined && analyte === undefined)
    check.fail('analyte', 'unknown_analyte', analyteText);

  const unitText = check.required('unit');
  const unit =
    unitText === undefined
      ? undefined
      : check.take('unit', memoized(unitMemo, unitText, resolveConcentrationUnit));
  const ngPerLPerUnit = unit === undefined ? 1 : NG_PER_L_PER_UNIT[unit];

  const rawValue = record.value;
  const value = check.take(
    'value',
    typeof rawValue === 'string'
      ? memoized(valueMemo, `${ngPerLPerUnit}\u001f${rawValue}`, () => parseLabValue(rawValue, ngPerLPerUnit))
      : parseLabValue(
          rawValue instanceof Date || typeof rawValue === 'boolean' ? String(rawValue) : rawValue,
          ngPerLPerUnit,
        ),
  );
  const lod = check.take('lod', optionalNumber(record.lod));
  const loq = check.take('loq', optionalNumber(record.loq));

  const replicateParsed = optionalNumber(record.replicate, { positive: true, integer: true });
  const replicate = check.take('replicate', replicateParsed);
  const recoveryPct = check.take('recovery_pct', optionalNumber(stripPercent(record.recovery_pct)));

  if (
    errors.length > 0 ||
    siteCode === undefined ||
    siteId === undefined ||
    roundName === undefined ||
    roundId === undefined ||
    sampleId === undefined ||
    start === undefined ||
    end === undefined ||
    collectionType === undefined ||
    flowM3PerDay === undefined ||
    population === undefined ||
    analyte === undefined ||
    unit === undefined ||
    value === undefined ||
    lod === undefined ||
    loq === undefined ||
    replicate === undefined ||
    recoveryPct === undefined
  ) {
    return { ok: false, errors };
  }

  const convert = (n: number | null) => (n === null ? null : n * ngPerLPerUnit);
  const siteKind = context.siteKindOf?.(siteCode) ?? null;
  const bounds = context.plausibilityBounds ?? [];
  const judge = (
    key: LabColumnKey,
    quantity: PlausibilityQuantity,
    value: number | null,
    hardOnly = false,
  ) => {
    if (value === null) return;
    const verdict = judgeValue(value, boundFor(quantity, analyte.code, siteKind, bounds));
    if (verdict.level === 'hard') check.fail(key, 'implausible_value', describeVerdict(value, verdict));
    else if (verdict.level === 'soft' && !hardOnly) check.notice(key, describeVerdict(value, verdict));
  };
  judge('value', 'concentration', value.valueNgL ?? value.limitNgL ?? null);
  judge('lod', 'concentration', convert(lod), true);
  judge('loq', 'concentration', convert(loq), true);
  judge('flow_m3_per_day', 'flow', flowM3PerDay);
  judge('population', 'population', population);
  judge('recovery_pct', 'recovery', recoveryPct);
  if (errors.length > 0) return { ok: false, errors };

  const loqNgL = convert(loq) ?? (value.qualifier === '<LOQ' ? (value.limitNgL ?? null) : null);
  return {
    ok: true,
    ...(check.notices.length > 0 ? { notices: check.notices } : {}),
    row: {
      row: rowNumber,
      siteCode,
      siteId,
      roundName,
      roundId,
      sampleId,
      collectedStart: start,
      collectedEnd: end,
      collectionType,
      flowM3PerDay,
      population,
      analyteCode: analyte.code,
      qualifier: value.qualifier,
      valueNgL: value.valueNgL ?? null,
      lodNgL: convert(lod),
      loqNgL,
      uloqNgL: value.qualifier === '>ULOQ' ? (value.limitNgL ?? null) : null,
      unit,
      lab: optionalText(record.lab),
      method: optionalText(record.method),
      replicate: replicate ?? 1,
      recoveryPct,
    },
  };
}

/**
 * The problems of one row as they are found (a small object per row rather than closures: the
 * hot loop of a million-row import).
 */
class RowCheck {
  readonly errors: LabRowError[] = [];
  readonly notices: LabRowError[] = [];

  constructor(
    private readonly record: LabRecord,
    private readonly rowNumber: number,
    private readonly headerOf: Partial<Record<LabColumnKey, string>>,
    private readonly locale: LabLocale,
  ) {}

  fail(key: LabColumnKey, code: LabErrorCode, found?: string): void {
    this.errors.push(labRowError(this.rowNumber, this.headerOf[key] ?? key, code, this.locale, found));
  }

  /** A value beyond a soft bound: stored, and the lab is asked to confirm it. */
  notice(key: LabColumnKey, found: string): void {
    this.notices.push(
      labRowError(this.rowNumber, this.headerOf[key] ?? key, 'confirm_value', this.locale, found),
    );
  }

  /** Records a failure and returns undefined, or returns the value. */
  take<T>(key: LabColumnKey, parsed: Parsed<T>): T | undefined {
    if (parsed.ok) return parsed.value;
    this.fail(key, parsed.code, parsed.found);
    return undefined;
  }

  text(key: LabColumnKey): string {
    return cellText(this.record[key]);
  }

  required(key: LabColumnKey): string | undefined {
    const value = this.text(key);
    if (value === '') this.fail(key, 'missing_value');
    return value === '' ? undefined : value;
  }
}

/** The key that makes a measurement unique within a file and in the store. */
export function measurementKey(row: LabMeasurementRow): readonly (string | number)[] {
  return [row.siteId, row.roundId, row.sampleId, row.analyteCode, row.replicate];
}

function lookup(map: LabRowContext['siteIdByCode'], key: string): RecordId | undefined {
  return typeof map === 'function' ? map(key) : map.get(key);
}

function isBlank(cell: LabCell): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && foldCellText(cell) === '');
}

/** Text of a cell as written; formulas stay text. Numbers as JS prints them, dates as ISO. */
function cellText(cell: LabCell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString();
  return foldCellText(String(cell));
}

function optionalText(cell: LabCell): string | null {
  if (cell === null || cell === undefined) return null;
  const text =
    cell instanceof Date
      ? cell.toISOString()
      : String(cell)
          .replace(/^\uFEFF/, '')
          .trim();
  return text === '' ? null : text;
}

// The same cell text repeats on most rows of a file (the sample's columns on every row of the
// sample, units, analytes, limits): the pure cell parsers remember their recent answers. The
// answers are never mutated by the caller, so they may be shared.
const MEMO_MAX = 4_096;
const collectionTypeMemo = new Map<string, Parsed<CollectionType>>();
const unitMemo = new Map<string, Parsed<ConcentrationUnit>>();
const valueMemo = new Map<string, ReturnType<typeof parseLabValue>>();
const numberMemo = new Map<string, Parsed<number | null>>();
const analyteMemo = new WeakMap<LabRowContext, Map<string, Analyte | undefined>>();

function memoized<T>(memo: Map<string, T>, key: string, compute: (key: string) => T): T {
  let answer = memo.get(key);
  if (answer === undefined && !memo.has(key)) {
    answer = compute(key);
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(key, answer);
  }
  return answer as T;
}

function resolveAnalyteOf(context: LabRowContext, text: string): Analyte | undefined {
  let memo = analyteMemo.get(context);
  if (!memo) analyteMemo.set(context, (memo = new Map()));
  return memoized(memo, text, (t) => (context.resolveAnalyte ?? resolveFromCatalogue)(t));
}

// The same date-time text repeats on every row of a sample: remember recent answers.
const DATE_MEMO_MAX = 4_096;
const dateMemo = new Map<string, Parsed<Date>>();

function dateCell(cell: LabCell, options: { defaultOffsetMinutes?: number }): Parsed<Date> {
  if (cell === null || cell === undefined || typeof cell === 'boolean') return parseFailure('missing_value');
  if (typeof cell !== 'string') return parseLabDateTime(cell, options);
  const key = `${options.defaultOffsetMinutes ?? ''}\u001f${cell}`;
  let parsed = dateMemo.get(key);
  if (parsed === undefined) {
    parsed = parseLabDateTime(cell, options);
    if (dateMemo.size >= DATE_MEMO_MAX) dateMemo.clear();
    dateMemo.set(key, parsed);
  }
  // A fresh Date each time: rows never share a mutable object.
  return parsed.ok ? parsedValue(new Date(parsed.value.getTime())) : parsed;
}

function stripPercent(cell: LabCell): LabCell {
  return typeof cell === 'string' ? cell.replace(/[%％]\s*$/, '') : cell;
}

function optionalNumber(
  cell: LabCell,
  rules: { positive?: boolean; integer?: boolean } = {},
): Parsed<number | null> {
  if (typeof cell !== 'string') return parseOptionalNumber(cell, rules);
  const key = `${rules.positive ? 'p' : ''}${rules.integer ? 'i' : ''}\u001f${cell}`;
  return memoized(numberMemo, key, () => parseOptionalNumber(cell, rules));
}

function parseOptionalNumber(
  cell: LabCell,
  rules: { positive?: boolean; integer?: boolean },
): Parsed<number | null> {
  if (isBlank(cell)) return parsedValue(null);
  if (cell instanceof Date || typeof cell === 'boolean') return parseFailure('invalid_number', String(cell));
  const number = parseLabNumber(cell as string | number);
  if (!number.ok) return number;
  const found = String(cell).trim();
  if (number.value < 0 || Object.is(number.value, -0)) return parseFailure('negative_value', found);
  if (rules.positive && number.value === 0) return parseFailure('invalid_number', found);
  if (rules.integer && !Number.isInteger(number.value)) return parseFailure('invalid_number', found);
  return parsedValue(number.value);
}
