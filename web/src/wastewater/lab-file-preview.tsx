import { useTranslation } from 'react-i18next';
import type { LabRowError } from '../api/lab-imports-api';
import { errorCellsByRow } from './csv-preview';

/** How many rows of the file the preview shows, besides every row that has a problem. */
export const previewRowLimit = 50;

/**
 * The file's first rows as read in the browser (only its first 2 MB are read), with rows and cells the report names highlighted
 * (spreadsheet numbering: the header is row 1).
 */
export function LabFilePreview({
  rows,
  errors,
  rowsTotal,
}: {
  rows: readonly string[][];
  errors: readonly LabRowError[];
  rowsTotal?: number;
}) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  const [header, ...data] = rows;
  const cells = errorCellsByRow(errors);
  const shown = data
    .map((cellsOfRow, index) => ({ cellsOfRow, rowNumber: index + 2 }))
    .filter(({ rowNumber }) => rowNumber <= previewRowLimit + 1 || cells.has(rowNumber));
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t('lab.preview.label')}>
      <table className="data-table lab-preview" data-testid="lab-preview">
        <caption>
          {t('lab.preview.caption', { shown: shown.length, total: rowsTotal ?? data.length })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('lab.report.row')}</th>
            {header.map((name, index) => (
              <th key={`${name}-${index}`} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map(({ cellsOfRow, rowNumber }) => {
            const wrong = cells.get(rowNumber);
            return (
              <tr key={rowNumber} className={wrong ? 'row--error' : undefined}>
                <th scope="row">
                  {rowNumber}
                  {wrong && <span className="visually-hidden">{t('lab.preview.hasErrors')}</span>}
                </th>
                {header.map((name, index) => (
                  <td
                    key={`${name}-${index}`}
                    className={wrong && (wrong.has(name) || wrong.has(null)) ? 'cell--error' : undefined}
                  >
                    {cellsOfRow[index] ?? ''}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
