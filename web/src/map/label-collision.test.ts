import { describe, expect, it } from 'vitest';
import { keptLabels } from './label-collision';

const box = (left: number, top: number, width = 60, height = 20) => ({
  left,
  top,
  right: left + width,
  bottom: top + height,
});

describe('keptLabels', () => {
  it('keeps the first of two overlapping labels and hides the second', () => {
    expect(keptLabels([box(0, 0), box(30, 10)])).toEqual([true, false]);
  });

  it('keeps labels apart from each other, and a third that only overlaps a hidden one', () => {
    // b overlaps a (hidden); c overlaps b only, so it stays.
    expect(keptLabels([box(0, 0), box(50, 0), box(105, 0)])).toEqual([true, false, true]);
  });

  it('treats labels closer than the margin as overlapping', () => {
    expect(keptLabels([box(0, 0), box(61, 0)], 2)).toEqual([true, false]);
    expect(keptLabels([box(0, 0), box(63, 0)], 2)).toEqual([true, true]);
  });
});
