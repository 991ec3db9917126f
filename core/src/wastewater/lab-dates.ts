import { foldCellText } from './cell-text';
import { parseFailure, parsedValue, type Parsed } from './parsed';

/** Asia/Shanghai is UTC+8 all year (China has had no daylight saving time since 1991). */
export const SHANGHAI_OFFSET_MINUTES = 8 * 60;

const MS_PER_DAY = 86_400_000;
/** Excel's day 0 in the 1900 date system (1899-12-30, which absorbs Excel's 1900 leap-year bug). */
const EXCEL_EPOCH_UTC_MS = Date.UTC(1899, 11, 30);

export interface LabDateOptions {
  /** Offset applied when the text carries none; minutes east of UTC. Default +480 (Asia/Shanghai). */
  defaultOffsetMinutes?: number;
}

/**
 * Reads a collection date-time as labs write it and returns the instant.
 *
 * Accepted: ISO 8601 with or without an offset (`2025-03-24T08:00:00+08:00`, `2025-03-24 08:00`),
 * slashes or dots (`2025/3/24 8:00`), Chinese (`2025年3月24日 08:00`, `2025年3月24日8时30分`,
 * `下午2点`), compact `20250324`, and Excel serial day numbers (a number from an XLSX cell, or its
 * text). A `Date` (ExcelJS gives date cells as UTC dates holding the wall-clock time) is read as a
 * wall-clock time. Without an offset the time is Asia/Shanghai (UTC+8) unless told otherwise.
 * A date without a time means 00:00.
 * @example parseLabDateTime('2025/3/24 8:00') // 2025-03-24T00:00:00.000Z
 */
export function parseLabDateTime(cell: string | number | Date, options: LabDateOptions = {}): Parsed<Date> {
  const offsetMinutes = options.defaultOffsetMinutes ?? SHANGHAI_OFFSET_MINUTES;
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return parseFailure('invalid_date');
    return parsedValue(new Date(cell.getTime() - offsetMinutes * 60_000));
  }
  if (typeof cell === 'number') return fromExcelSerial(cell, offsetMinutes, String(cell));

  const text = foldCellText(cell);
  if (text === '') return parseFailure('missing_value');
  if (/^\d{4,5}(\.\d+)?$/.test(text)) return fromExcelSerial(Number(text), offsetMinutes, text);
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (compact) return fromParts(+compact[1]!, +compact[2]!, +compact[3]!, 0, 0, 0, 0, offsetMinutes, text);

  const match = DATE_TIME.exec(text);
  if (!match) return parseFailure('invalid_date', text);
  const g = match.groups!;
  let hour = g.hour === undefined ? 0 : Number(g.hour);
  const afternoon = g.meridiem === '下午' || g.meridiem === '晚上' || g.ampm?.toLowerCase() === 'pm';
  const morning = g.meridiem === '上午' || g.ampm?.toLowerCase() === 'am';
  if (afternoon && hour < 12) hour += 12;
  if (morning && hour === 12) hour = 0;
  const fractionMs = g.fraction ? Math.round(Number(`0.${g.fraction}`) * 1000) : 0;
  const zone = g.zone === undefined ? offsetMinutes : zoneMinutes(g.zone);
  return fromParts(
    Number(g.year),
    Number(g.month),
    Number(g.day),
    hour,
    Number(g.minute ?? 0),
    Number(g.second ?? g.secondZh ?? 0),
    fractionMs,
    zone,
    text,
  );
}

// year, month, day with -, /, . or 年月日; then optionally a time with : or 时/点 分 秒; then an offset.
const DATE_TIME = new RegExp(
  '^(?<year>\\d{4})\\s*(?:[-/.]|年)\\s*(?<month>\\d{1,2})\\s*(?:[-/.]|月)\\s*(?<day>\\d{1,2})\\s*日?' +
    '(?:(?:\\s*T\\s*|\\s+|(?<=日))' +
    '(?<meridiem>上午|下午|晚上|凌晨|早上)?\\s*' +
    '(?<hour>\\d{1,2})\\s*(?::|时|点)\\s*(?:(?<minute>\\d{1,2})\\s*分?)?\\s*' +
    '(?::\\s*(?<second>\\d{1,2})(?:\\.(?<fraction>\\d+))?|(?<secondZh>\\d{1,2})\\s*秒)?' +
    '\\s*(?<ampm>am|pm|AM|PM)?)?' +
    '\\s*(?<zone>Z|z|[+-]\\d{2}:?\\d{2}|UTC[+-]\\d{1,2}|GMT[+-]\\d{1,2})?$',
);

function zoneMinutes(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const short = /^(?:UTC|GMT)([+-])(\d{1,2})$/.exec(zone);
  if (short) return (short[1] === '-' ? -1 : 1) * Number(short[2]) * 60;
  const [, sign, hh, mm] = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  return (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm));
}

function fromParts(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offsetMinutes: number,
  found: string,
): Parsed<Date> {
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const endOfDay = hour === 24 && minute === 0 && second === 0;
  if (
    year < 1900 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth ||
    (hour > 23 && !endOfDay) ||
    minute > 59 ||
    second > 59
  ) {
    return parseFailure('invalid_date', found);
  }
  const wallClockUtcMs = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return parsedValue(new Date(wallClockUtcMs - offsetMinutes * 60_000));
}

/** Excel serial day number (1900 system) in local wall-clock time → instant. */
function fromExcelSerial(serial: number, offsetMinutes: number, found: string): Parsed<Date> {
  // 60 is Excel's phantom 1900-02-29; anything below 61 is before March 1900 and not a sample date.
  if (!Number.isFinite(serial) || serial < 61 || serial > 2_958_465)
    return parseFailure('invalid_date', found);
  const wallClockUtcMs = EXCEL_EPOCH_UTC_MS + Math.round(serial * MS_PER_DAY);
  // Excel stores whole seconds; round away floating-point dust in the fraction of a day.
  const rounded = Math.round(wallClockUtcMs / 1000) * 1000;
  return parsedValue(new Date(rounded - offsetMinutes * 60_000));
}
