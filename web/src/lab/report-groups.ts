import type { LabRowError } from '../api/lab-imports-api';

/** Identical problems of a report taken together: same code, column and cell text. */
export interface ReportErrorGroup {
  code: string;
  column: string | null;
  /**
   * The thing the message names (`Unknown round: "2026年第2轮"`); null when it names none or
   * when the quoted cell differs row by row (a negative value).
   */
  found: string | null;
  /** Spreadsheet rows (header = 1), ascending; empty for a whole-file problem. */
  rows: number[];
  /** The first problem of the group, for its messages. */
  first: LabRowError;
}

/**
 * What a message quotes: the server writes `…: "x"` in English and `…：「x」` in Chinese
 * (core/src/wastewater/lab-error-messages.ts); the English one is read first.
 * @example foundInError({ message: 'Unknown round: "R9"' }) // 'R9'
 */
export function foundInError(error: Pick<LabRowError, 'message' | 'messageZh'>): string | null {
  const english = /: "(.*)"$/s.exec(error.message);
  if (english) return english[1]!;
  const chinese = error.messageZh ? /：「(.*)」$/s.exec(error.messageZh) : null;
  return chinese ? chinese[1]! : null;
}

/**
 * Codes whose quoted cell names a thing (a round, a site): rows naming different things are
 * different problems. For the others (a negative value, a bad number) the cell differs on
 * every row and the problem is the same.
 */
const namingCodes = new Set([
  'unknown_round',
  'ambiguous_round',
  'round_closed',
  'unknown_site',
  'ambiguous_site',
  'ambiguous_round',
  'unknown_analyte',
  'invalid_collection_type',
  'impossible_unit',
  'missing_columns',
  'unknown_column',
  'duplicate_column',
]);

/**
 * The report's problems grouped so that 41 rows naming the same missing round read as one line,
 * not 41; groups come in the order of their first row (whole-file problems first).
 */
export function groupReportErrors(errors: readonly LabRowError[]): ReportErrorGroup[] {
  const groups = new Map<string, ReportErrorGroup>();
  for (const error of errors) {
    const found = namingCodes.has(error.code) ? foundInError(error) : null;
    const key = JSON.stringify([error.code, error.column, found]);
    let group = groups.get(key);
    if (!group) {
      group = { code: error.code, column: error.column, found, rows: [], first: error };
      groups.set(key, group);
    }
    if (error.row !== null) group.rows.push(error.row);
  }
  for (const group of groups.values()) group.rows.sort((a, b) => a - b);
  return [...groups.values()].sort((a, b) => (a.rows[0] ?? 0) - (b.rows[0] ?? 0));
}

/** The rounds a report says do not exist, each with the rows that name it. */
export function missingRounds(groups: readonly ReportErrorGroup[]): { name: string; rows: number[] }[] {
  return groups
    .filter((group) => group.code === 'unknown_round' && group.found)
    .map((group) => ({ name: group.found!, rows: group.rows }));
}

/**
 * A compact list of row numbers: runs written as ranges, the rest cut after `max` items.
 * @example rowRanges([2, 3, 4, 7, 9, 10]) // '2–4, 7, 9–10'
 */
export function rowRanges(rows: readonly number[], max = 8): string {
  const parts: string[] = [];
  let start = rows[0];
  for (let index = 0; index < rows.length && start !== undefined; index++) {
    const row = rows[index]!;
    const next = rows[index + 1];
    if (next === row + 1) continue;
    parts.push(start === row ? String(row) : `${start}–${row}`);
    start = next;
  }
  return parts.length > max ? `${parts.slice(0, max).join(', ')}, …` : parts.join(', ');
}

/**
 * The dates a new round could take from the file: the earliest collection start and the latest
 * collection end among `rows` (spreadsheet numbering), as `YYYY-MM-DD`; null when unreadable.
 */
export function roundDatesFromRows(
  fileRows: readonly string[][],
  rows: readonly number[],
): { startsOn: string; endsOn: string } | null {
  const [header, ...data] = fileRows;
  if (!header) return null;
  const startColumn = header.findIndex((name) => /collected_start|采样开始/i.test(name));
  const endColumn = header.findIndex((name) => /collected_end|采样结束/i.test(name));
  if (startColumn < 0 || endColumn < 0) return null;
  const dates = (column: number) =>
    rows
      .map((row) => data[row - 2]?.[column]?.trim().slice(0, 10).replace(/\//g, '-') ?? '')
      .filter((text) => /^\d{4}-\d{2}-\d{2}$/.test(text))
      .sort();
  const starts = dates(startColumn);
  const ends = dates(endColumn);
  if (starts.length === 0 || ends.length === 0) return null;
  return { startsOn: starts[0]!, endsOn: ends[ends.length - 1]! };
}
