import {
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  sortFn_basic,
  tableFeatures,
  useTable,
} from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabRowError } from '../api/lab-imports-api';
import { formatNumber } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { labErrorText } from '../lab/lab-error-text';
import { SortableHeaderCell, sortingOf } from '../layout/sortable-header-cell';

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { basic: sortFn_basic },
});
const helper = createColumnHelper<typeof features, LabRowError>();

/** The server's text in the other language, offered as a tooltip. */
function otherLanguage(error: LabRowError, language: string): string | undefined {
  return language === 'zh-CN' ? error.message : error.messageZh;
}

/** The validation report's problems, one per line, sortable by row: every line is a row error. */
export function LabReportTable({ errors }: { errors: readonly LabRowError[] }) {
  const { t, i18n } = useTranslation();
  const language = useLanguage();
  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor((error) => error.row ?? 0, {
          id: 'row',
          header: () => t('lab.report.row'),
          sortFn: 'basic',
          cell: ({ row }) =>
            row.original.row === null
              ? t('lab.report.wholeFile')
              : formatNumber(row.original.row, language, 0),
        }),
        helper.accessor((error) => error.column ?? '', {
          id: 'column',
          header: () => t('lab.report.column'),
          cell: ({ getValue }) => getValue() || '—',
        }),
        helper.display({
          id: 'message',
          header: () => t('lab.report.message'),
          // The code stays out of sight (a tooltip with the server's other-language text
          // instead); the message is the code's text in the interface language.
          cell: ({ row }) => (
            <span
              className="lab-report__message"
              data-code={row.original.code}
              title={otherLanguage(row.original, language)}
            >
              {labErrorText(i18n, row.original)}
            </span>
          ),
        }),
      ]),
    [t, i18n, language],
  );
  const table = useTable({
    features,
    columns,
    data: errors as LabRowError[],
    initialState: { sorting: [{ id: 'row', desc: false }] },
  });

  return (
    <table className="data-table lab-report" data-testid="lab-report-errors">
      <caption>{t('lab.report.errorsCaption', { count: errors.length })}</caption>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <SortableHeaderCell key={header.id} {...sortingOf(header.column)}>
                <table.FlexRender header={header} />
              </SortableHeaderCell>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id} className="row--error">
            {row.getAllCells().map((cell) => (
              <td key={cell.id}>
                <table.FlexRender cell={cell} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
