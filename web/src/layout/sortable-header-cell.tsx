import type { ReactNode } from 'react';

export type SortDirection = false | 'asc' | 'desc';

/** What SortableHeaderCell needs of a table column (TanStack Table's column has these). */
export interface SortableColumn {
  getIsSorted(): SortDirection;
  getCanSort(): boolean;
  getToggleSortingHandler(): ((event: unknown) => void) | undefined;
}

/** SortableHeaderCell's `sorted` and `onToggleSort` for `column`. */
export function sortingOf(column: SortableColumn): {
  sorted: SortDirection;
  onToggleSort?: (event: unknown) => void;
} {
  return {
    sorted: column.getIsSorted(),
    onToggleSort: column.getCanSort() ? column.getToggleSortingHandler() : undefined,
  };
}

/**
 * A column header (`<th scope="col">`) of a sortable table: with `onToggleSort`, its content is a
 * button that sorts by the column, an arrow showing the order, and `aria-sort` telling screen
 * readers; without, the content as it is. Works with any table library: the caller passes the
 * column's state and its rendered header (for TanStack Table: `getIsSorted()`,
 * `getToggleSortingHandler()` when `getCanSort()`, and `<table.FlexRender header={header} />`).
 */
export function SortableHeaderCell({
  sorted,
  onToggleSort,
  children,
}: {
  sorted: SortDirection;
  onToggleSort?: (event: unknown) => void;
  children: ReactNode;
}) {
  return (
    <th scope="col" aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}>
      {onToggleSort ? (
        <button type="button" className="sort-button" onClick={onToggleSort}>
          {children}
          <span aria-hidden="true" className="sort-button__arrow">
            {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
          </span>
        </button>
      ) : (
        children
      )}
    </th>
  );
}
