import { describe, expect, it } from 'vitest';
import { foldCellText } from './cell-text';

describe('foldCellText', () => {
  it('returns plain ASCII unchanged', () => {
    expect(foldCellText('HK-WWTP-01')).toBe('HK-WWTP-01');
    expect(foldCellText('2025-03-24 08:00')).toBe('2025-03-24 08:00');
    expect(foldCellText('')).toBe('');
  });

  it('trims, collapses spaces, drops a BOM and folds full-width characters', () => {
    expect(foldCellText('  a   b ')).toBe('a b');
    expect(foldCellText('\uFEFFsite_code')).toBe('site_code');
    expect(foldCellText('１２３ ＜ＬＯＱ')).toBe('123 <LOQ');
    expect(foldCellText('日流量（m³/d）')).toBe('日流量(m3/d)');
    expect(foldCellText('a\tb')).toBe('a b');
  });
});
