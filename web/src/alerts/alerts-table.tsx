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
import type { Alert, AlertAction } from '../api/alerts-api';
import { formatDateTime } from '../i18n/format-units';
import { textIfKnown } from '../i18n/text-if-known';
import { useLanguage } from '../i18n/use-language';
import { alertDetailText, alertKindLabel } from './alert-text';
import { SortableHeaderCell, sortingOf } from '../layout/sortable-header-cell';

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { basic: sortFn_basic },
});
const helper = createColumnHelper<typeof features, Alert>();
const severityRank: Record<string, number> = { high: 3, medium: 2, low: 1 };

export interface AlertsTableProps {
  alerts: readonly Alert[];
  fresh: ReadonlySet<string>;
  siteName: (alert: Alert) => string;
  roundName: (alert: Alert) => string;
  analyteName: (alert: Alert) => string;
  onAction: (alert: Alert, action: AlertAction) => void;
}

/** Which actions an alert in a given status still allows (open → acknowledged → escalated / dismissed). */
export function actionsFor(status: Alert['status']): AlertAction[] {
  if (status === 'open') return ['acknowledge', 'escalate', 'dismiss'];
  if (status === 'acknowledged') return ['escalate', 'dismiss'];
  return [];
}

/** The alerts, newest and most severe first, each with the actions its status allows. */
export function AlertsTable({ alerts, fresh, siteName, roundName, analyteName, onAction }: AlertsTableProps) {
  const { t, i18n } = useTranslation();
  const language = useLanguage();
  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor('createdAt', {
          header: () => t('alerts.createdAt'),
          sortFn: 'basic',
          cell: ({ row }) => (
            <>
              <time dateTime={row.original.createdAt}>
                {formatDateTime(row.original.createdAt, language)}
              </time>
              {fresh.has(String(row.original.id)) && <span className="tag tag--new">{t('alerts.new')}</span>}
            </>
          ),
        }),
        helper.accessor((alert) => severityRank[alert.severity] ?? 0, {
          id: 'severity',
          header: () => t('alerts.severityLabel'),
          sortFn: 'basic',
          cell: ({ row }) => (
            <span className={`severity severity--${row.original.severity}`}>
              {textIfKnown(i18n, `alerts.severity.${row.original.severity}`, row.original.severity)}
            </span>
          ),
        }),
        helper.accessor('kind', {
          header: () => t('alerts.kindLabel'),
          cell: ({ getValue }) => alertKindLabel(getValue(), i18n),
        }),
        helper.accessor((alert) => siteName(alert), { id: 'site', header: () => t('alerts.site') }),
        helper.accessor((alert) => analyteName(alert), { id: 'analyte', header: () => t('alerts.analyte') }),
        helper.accessor((alert) => roundName(alert), { id: 'round', header: () => t('alerts.round') }),
        helper.accessor('status', {
          header: () => t('alerts.statusLabel'),
          cell: ({ getValue }) => t(`alerts.status.${getValue()}`),
        }),
        helper.display({
          id: 'detail',
          header: () => t('alerts.detail'),
          cell: ({ row }) => alertDetailText(row.original.kind, row.original.detail, language),
        }),
        helper.display({
          id: 'actions',
          header: () => t('alerts.actions'),
          cell: ({ row }) => (
            <span className="row-actions">
              {actionsFor(row.original.status).map((action) => (
                <button
                  key={action}
                  type="button"
                  className="button button--small"
                  data-action={action}
                  onClick={() => onAction(row.original, action)}
                >
                  {t(`alerts.action.${action}`)}
                </button>
              ))}
            </span>
          ),
        }),
      ]),
    [t, i18n, language, fresh, siteName, roundName, analyteName, onAction],
  );
  const table = useTable({
    features,
    columns,
    data: alerts as Alert[],
    // What needs action first: most severe, then newest (as the API orders them).
    initialState: {
      sorting: [
        { id: 'severity', desc: true },
        { id: 'createdAt', desc: true },
      ],
    },
  });

  return (
    <table className="data-table alerts-table" data-testid="alerts-table">
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
          <tr
            key={row.id}
            data-alert-id={String(row.original.id)}
            data-alert-kind={row.original.kind}
            data-alert-analyte={row.original.analyte ?? ''}
            className={fresh.has(String(row.original.id)) ? 'row--fresh' : undefined}
          >
            {row.getAllCells().map((cell) => (
              <td key={cell.id}>
                <table.FlexRender cell={cell} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      {alerts.length === 0 && (
        <tfoot>
          <tr>
            <td colSpan={columns.length}>{t('alerts.empty')}</td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}
