import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SortableHeaderCell, sortingOf } from './sortable-header-cell';

const render = (element: ReactElement) =>
  renderToStaticMarkup(
    <table>
      <thead>
        <tr>{element}</tr>
      </thead>
    </table>,
  );

describe('SortableHeaderCell', () => {
  it('makes a sortable column header a button with the order shown and told to screen readers', () => {
    const html = render(
      <SortableHeaderCell sorted="asc" onToggleSort={() => undefined}>
        时间
      </SortableHeaderCell>,
    );
    expect(html).toContain('<th scope="col" aria-sort="ascending">');
    expect(html).toContain(
      '<button type="button" class="sort-button">时间<span aria-hidden="true" class="sort-button__arrow">▲</span></button>',
    );
    expect(
      render(
        <SortableHeaderCell sorted="desc" onToggleSort={() => undefined}>
          x
        </SortableHeaderCell>,
      ),
    ).toContain('aria-sort="descending"');
    const unsorted = render(
      <SortableHeaderCell sorted={false} onToggleSort={() => undefined}>
        x
      </SortableHeaderCell>,
    );
    expect(unsorted).not.toContain('aria-sort');
    expect(unsorted).toContain('↕');
  });

  it('leaves a column that cannot be sorted as plain text', () => {
    const html = render(<SortableHeaderCell sorted={false}>详情</SortableHeaderCell>);
    expect(html).toBe('<table><thead><tr><th scope="col">详情</th></tr></thead></table>');
  });

  it('reads a column: its order, and a sort handler only when it can be sorted', () => {
    const toggle = () => undefined;
    const column = (canSort: boolean) => ({
      getIsSorted: () => 'desc' as const,
      getCanSort: () => canSort,
      getToggleSortingHandler: () => toggle,
    });
    expect(sortingOf(column(true))).toEqual({ sorted: 'desc', onToggleSort: toggle });
    expect(sortingOf(column(false))).toEqual({ sorted: 'desc', onToggleSort: undefined });
  });
});
