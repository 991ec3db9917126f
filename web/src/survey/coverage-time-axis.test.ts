import { describe, expect, it } from 'vitest';
import { coverageTimeAxis, formatAxisDay } from './coverage-time-axis';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('coverageTimeAxis', () => {
  it('spans whole days around one flown day: 9 to 11 March, no hour ticks', () => {
    const axis = coverageTimeAxis([{ day: '2025-03-10', coveredKm2: 0.52 }], 'zh-CN');
    expect(axis?.axis.min).toBe(day('2025-03-09'));
    expect(axis?.axis.max).toBe(day('2025-03-11'));
    expect(axis?.axis.minInterval).toBe(86_400_000);
    // From nothing, the step on the flown day, then the level held to the axis end.
    expect(axis?.data.map((point) => point.value)).toEqual([
      [day('2025-03-09'), 0],
      [day('2025-03-10'), 0.52],
      [day('2025-03-11'), 0.52],
    ]);
    expect(axis?.data.map((point) => point.symbol ?? 'dot')).toEqual(['none', 'dot', 'none']);
  });

  it('labels days as month and day in the reader’s language, whatever the browser’s time zone', () => {
    const axis = coverageTimeAxis(
      [
        { day: '2025-03-10', coveredKm2: 0.5 },
        { day: '2025-04-02', coveredKm2: 3.1 },
      ],
      'zh-CN',
    );
    expect(axis?.axis.axisLabel.formatter(day('2025-03-10'))).toBe('3月10日');
    expect(
      coverageTimeAxis([{ day: '2025-03-10', coveredKm2: 1 }], 'en')?.axis.axisLabel.formatter(
        day('2025-03-10'),
      ),
    ).toBe('Mar 10');
  });

  it('adds the year when the flights span New Year', () => {
    const axis = coverageTimeAxis(
      [
        { day: '2025-12-30', coveredKm2: 1 },
        { day: '2026-01-04', coveredKm2: 2 },
      ],
      'en',
    );
    expect(axis?.axis.axisLabel.formatter(day('2026-01-04'))).toBe('Jan 4, 2026');
    expect(formatAxisDay(day('2026-01-04'), 'zh-CN', true)).toBe('2026年1月4日');
  });

  it('has nothing to draw without a flown day', () => {
    expect(coverageTimeAxis([], 'en')).toBeNull();
  });
});
