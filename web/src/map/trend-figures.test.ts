import { describe, expect, it } from 'vitest';
import { formatPValue, formatSignedPercent } from './trend-figures';

describe('trend figures', () => {
  it('prints a tiny p-value as p < 0.001, never p = 0', () => {
    expect(formatPValue(0, 'en')).toBe('p < 0.001');
    expect(formatPValue(3e-7, 'zh-CN')).toBe('p < 0.001');
    expect(formatPValue(0.0421, 'en')).toBe('p = 0.042');
    expect(formatPValue(1, 'en')).toBe('p = 1.000');
  });

  it('signs a percent change', () => {
    expect(formatSignedPercent(751.43, 'en')).toBe('+751.4 %');
    expect(formatSignedPercent(-12, 'en')).toBe('−12.0 %');
    expect(formatSignedPercent(1234.5, 'zh-CN')).toBe('+1,234.5 %');
  });
});
