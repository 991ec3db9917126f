import { describe, expect, it } from 'vitest';
import { alertLoadText, formatFigure } from './alert-load-text';

describe('alert load text', () => {
  it('writes the load with its 95 % interval', () => {
    const load = {
      field: 'normalisedLoadMgPerDayPer1000',
      value: 1.625,
      lower95: 0.79,
      upper95: 2.93,
      measurementId: 1,
    } as const;
    expect(alertLoadText(load, 'en')).toBe('1.63 (0.79–2.93)');
    expect(alertLoadText({ ...load, value: 126.4, lower95: 57.93, upper95: 220.2 }, 'en')).toBe(
      '126 (57.9–220)',
    );
    expect(alertLoadText({ ...load, lower95: null, upper95: null }, 'zh-CN')).toBe('1.63');
  });

  it('keeps a huge number short', () => {
    expect(formatFigure(9.9e49, 'en')).toBe('9.9E49');
    expect(formatFigure(12_345, 'en')).toBe('12,345');
    expect(formatFigure(Infinity, 'en')).toBe('—');
  });
});
