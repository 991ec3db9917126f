import { createDuplicateChecker } from './duplicate-checker';
import type { LabFileRow } from './lab-file';
import { LabFileError } from './lab-file-error';
import { labRowError, type LabRowError } from './lab-error-messages';
import { LAB_COLUMNS, mapHeaders, type HeaderMap } from './lab-template';
import { measurementKey, parseLabRow, type LabMeasurementRow, type LabRowContext } from './lab-rows';

/** What the validation stream yields: the header once, then each data row's outcome. */
export type LabValidationEvent =
  | { kind: 'header'; headerMap: HeaderMap; notices: LabRowError[] }
  | { kind: 'row'; row: LabMeasurementRow; notices?: LabRowError[] }
  | { kind: 'rejected'; row: number; errors: LabRowError[] };

/**
 * Checks an uploaded table row by row as it streams: the first row is the header (`mapHeaders`),
 * then every row is parsed and checked for duplicates within the file (site + round + sample +
 * analyte + replicate). Memory per row is only the duplicate key's hash.
 *
 * Missing or repeated required columns refuse the whole file (`LabFileError` with
 * `missing_columns` / `duplicate_column`, the columns in `details.found`); unknown columns are
 * reported as notices on row 1 and ignored. A header without data rows is `empty_file`.
 */
export async function* validateLabRows(
  rows: AsyncIterable<LabFileRow>,
  context: LabRowContext,
): AsyncGenerator<LabValidationEvent> {
  const locale = context.locale ?? 'zh-CN';
  const duplicates = createDuplicateChecker();
  let headerMap: HeaderMap | undefined;
  let dataRows = 0;
  for await (const { rowNumber, cells } of rows) {
    if (!headerMap) {
      headerMap = mapHeaders(cells);
      if (headerMap.missing.length > 0) {
        const names = headerMap.missing.map((key) => {
          const column = LAB_COLUMNS.find((c) => c.key === key)!;
          return locale === 'zh-CN' ? column.zh : column.en;
        });
        throw new LabFileError('missing_columns', { row: rowNumber, found: names.join(', ') }, locale);
      }
      if (headerMap.duplicates.length > 0) {
        throw new LabFileError(
          'duplicate_column',
          { row: rowNumber, found: headerMap.duplicates.map((d) => d.header).join(', ') },
          locale,
        );
      }
      const notices = headerMap.unknown.map((u) =>
        labRowError(rowNumber, u.header, 'unknown_column', locale, u.header),
      );
      yield { kind: 'header', headerMap, notices };
      continue;
    }
    dataRows++;
    const result = parseLabRow(cells, headerMap, context, rowNumber);
    if (!result.ok) {
      yield { kind: 'rejected', row: rowNumber, errors: result.errors };
      continue;
    }
    const first = duplicates.firstRowWith(measurementKey(result.row), rowNumber);
    if (first !== undefined) {
      yield {
        kind: 'rejected',
        row: rowNumber,
        errors: [
          labRowError(
            rowNumber,
            null,
            'duplicate_in_file',
            locale,
            locale === 'zh-CN' ? `与第 ${first} 行重复` : `same as row ${first}`,
          ),
        ],
      };
      continue;
    }
    yield result.notices
      ? { kind: 'row', row: result.row, notices: result.notices }
      : { kind: 'row', row: result.row };
  }
  if (!headerMap || dataRows === 0) throw new LabFileError('empty_file', undefined, locale);
}
