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
import { areaGapsKmlUrl, type SurveyArea } from '../api/areas-api';
import { gapPartKm } from './gap-parts';
import { formatDateTime, formatPercent } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { CoverageBar } from './coverage-bar';
import { SortableHeaderCell, sortingOf } from '../layout/sortable-header-cell';

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { basic: sortFn_basic },
});
const helper = createColumnHelper<typeof features, SurveyArea>();
// Chinese names sort by pinyin, as Chinese users expect a list of places to be ordered.
const nameCollator = new Intl.Collator('zh-CN');

function useColumns() {
  const { t } = useTranslation();
  const language = useLanguage();
  return useMemo(
    () =>
      helper.columns([
        helper.accessor('name', {
          header: () => t('coverage.area'),
          sortFn: (rowA, rowB, columnId) =>
            nameCollator.compare(String(rowA.getValue(columnId)), String(rowB.getValue(columnId))),
        }),
        helper.accessor('city', {
          header: () => t('coverage.city'),
          sortFn: (rowA, rowB, columnId) =>
            nameCollator.compare(String(rowA.getValue(columnId)), String(rowB.getValue(columnId))),
        }),
        helper.accessor('coveredKm2', {
          header: () => t('coverage.covered'),
          sortFn: 'basic',
          cell: ({ row }) => (
            <CoverageBar
              label={t('coverage.progressLabel', { name: row.original.name })}
              coveredKm2={row.original.coveredKm2}
              areaKm2={row.original.areaKm2}
              coveragePct={row.original.coveragePct}
            />
          ),
        }),
        helper.accessor('coveragePct', {
          header: () => t('coverage.pct'),
          sortFn: 'basic',
          cell: ({ getValue }) => formatPercent(getValue(), language),
        }),
        helper.accessor('updatedAt', {
          header: () => t('coverage.updated'),
          sortFn: 'basic',
          cell: ({ getValue }) => <time dateTime={getValue()}>{formatDateTime(getValue())}</time>,
        }),
        helper.display({
          id: 'gaps',
          header: () => t('coverage.gaps'),
          cell: ({ row }) => (
            <a
              className="button button--quiet"
              href={areaGapsKmlUrl(row.original.id, gapPartKm)}
              download
              aria-label={t('coverage.downloadKmlLabel', { name: row.original.name })}
            >
              {t('coverage.downloadKml')}
            </a>
          ),
        }),
      ]),
    [t, language],
  );
}

/**
 * The survey areas in the order given (the user's own and recently flown first), sortable by
 * any column; the gaps as KML per area.
 */
export function CoverageTable({ areas }: { areas: SurveyArea[] }) {
  const { t } = useTranslation();
  const columns = useColumns();
  const table = useTable({
    features,
    columns,
    data: areas,
    initialState: { sorting: [] },
  });

  return (
    // Scrolls sideways in its frame on a phone rather than widening the page.
    <div className="table-scroll coverage-table__frame">
      <table className="data-table coverage-table">
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <SortableHeaderCell key={header.id} {...sortingOf(header.column)}>
                  {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                </SortableHeaderCell>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id}>
              {row.getAllCells().map((cell) =>
                cell.column.id === 'name' ? (
                  <th key={cell.id} scope="row">
                    <table.FlexRender cell={cell} />
                  </th>
                ) : (
                  <td key={cell.id} className={`coverage-table__${cell.column.id}`}>
                    <table.FlexRender cell={cell} />
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
        {areas.length === 0 && (
          <tfoot>
            <tr>
              <td colSpan={columns.length}>{t('coverage.empty')}</td>
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
