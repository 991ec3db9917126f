import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../i18n/format-units';

/** One change as every history in the app records it: when, who, why, and what it changed. */
export interface HistoryEntry {
  id: number;
  at: string;
  actorName: string | null;
  reason: string | null;
}

/** A column between "who" and "why": its header and how a change fills it. */
export interface HistoryColumn<T> {
  header: string;
  cell: (entry: T) => ReactNode;
}

/**
 * The history of a stored thing (a result, a sample, an analyte, a plausibility bound), newest
 * first: when, who, the columns the caller names (before → after), the reason. An empty history
 * says so rather than showing an empty table.
 */
export function HistoryTable<T extends HistoryEntry>({
  entries,
  columns,
  testId,
  emptyText,
}: {
  /** Oldest first, as the API returns them. */
  entries: readonly T[];
  columns: readonly HistoryColumn<T>[];
  testId: string;
  emptyText: string;
}) {
  const { t } = useTranslation();
  if (entries.length === 0) return <p className="hint">{emptyText}</p>;
  return (
    <div className="table-scroll">
      <table className="data-table data-table--compact" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t('audit.at')}</th>
            <th scope="col">{t('audit.actor')}</th>
            {columns.map((column) => (
              <th scope="col" key={column.header}>
                {column.header}
              </th>
            ))}
            <th scope="col">{t('common.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {[...entries].reverse().map((entry) => (
            <tr key={entry.id}>
              <td>{formatDateTime(entry.at)}</td>
              <td>{entry.actorName ?? '—'}</td>
              {columns.map((column) => (
                <td key={column.header}>{column.cell(entry)}</td>
              ))}
              <td>{entry.reason ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
