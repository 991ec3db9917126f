import { describe, expect, it } from 'vitest';
import { senTrendLine } from './sen-trend-line';

describe('senTrendLine', () => {
  it('passes through a perfectly linear series', () => {
    expect(senTrendLine([10, 12, 14, 16], 2)).toEqual([10, 12, 14, 16]);
  });

  it('takes the median residual as intercept, so one outlier does not move the line', () => {
    // residuals y - 1·x: 5, 5, 5, 97, 5 → median 5
    expect(senTrendLine([5, 6, 7, 100, 9], 1)).toEqual([5, 6, 7, 8, 9]);
  });

  it('skips missing values for the intercept but draws the whole line (HK-V-017’s planted METH rise)', () => {
    // DESIGN's planted series 60, 95, 150, 230, 340, 520 with round 3 missing; slope given as 90/round.
    const line = senTrendLine([60, 95, null, 230, 340, 520], 90);
    // residuals: 60, 5, -40, -20, 70 → median 5
    expect(line).toEqual([5, 95, 185, 275, 365, 455]);
  });

  it('is empty when nothing was observed', () => {
    expect(senTrendLine([null, null], 1)).toEqual([]);
  });
});
