import { describe, expect, it } from 'vitest';
import { errorCellsByRow, parseCsvPreview } from './csv-preview';

describe('parseCsvPreview', () => {
  it('splits rows and cells, keeping quoted commas, doubled quotes and line breaks', () => {
    const text = '\ufeff采样点编码,浓度\r\nHK-V-005,"9,0"\r\nHK-V-006,"say ""ND""\nthen"\n';
    expect(parseCsvPreview(text, 10)).toEqual([
      ['采样点编码', '浓度'],
      ['HK-V-005', '9,0'],
      ['HK-V-006', 'say "ND"\nthen'],
    ]);
  });

  it('stops after maxRows and keeps a last row without a line break', () => {
    expect(parseCsvPreview('a\nb\nc', 2)).toEqual([['a'], ['b']]);
    expect(parseCsvPreview('a\nb', 5)).toEqual([['a'], ['b']]);
  });
});

describe('errorCellsByRow', () => {
  it('groups the columns named per spreadsheet row and ignores file-level problems', () => {
    const byRow = errorCellsByRow([
      { row: 3, column: '浓度' },
      { row: 3, column: '单位' },
      { row: 5, column: null },
      { row: null, column: null },
    ]);
    expect([...byRow.keys()]).toEqual([3, 5]);
    expect([...byRow.get(3)!]).toEqual(['浓度', '单位']);
    expect(byRow.get(5)!.has(null)).toBe(true);
  });
});
