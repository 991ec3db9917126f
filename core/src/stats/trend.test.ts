import { describe, expect, it } from 'vitest';
import { scoreTrend } from './trend';

describe('scoreTrend', () => {
  it('scores the docs/design.md example as rising: S=13, exact p, Sen slope 28 per round', () => {
    const score = scoreTrend([100, 120, 115, 160, 190, 240]);
    expect(score).toMatchObject({
      n: 6,
      s: 13,
      senSlope: 28,
      category: 'rising',
      method: 'exact',
      hasTies: false,
    });
    expect(score.pValue).toBeCloseTo(12 / 720, 15);
    expect(score.tau).toBeCloseTo(13 / 15, 15);
    expect(score.percentChange).toBeGreaterThan(100);
  });

  it('calls a clear decline falling', () => {
    const score = scoreTrend([300, 280, 250, 200, 210, 150, 120, 90]);
    expect(score.category).toBe('falling');
    expect(score.s).toBe(-26);
    expect(score.percentChange).toBeLessThan(-50);
  });

  it('calls a noisy series stable', () => {
    expect(scoreTrend([100, 140, 90, 130, 95, 120]).category).toBe('stable');
  });

  it('marks fewer than 4 present rounds insufficient_data, whatever their shape', () => {
    const score = scoreTrend([10, null, 20, 40, null]);
    expect(score.n).toBe(3);
    expect(score.category).toBe('insufficient_data');
  });

  it('cannot call 4 rounds rising at alpha 0.05: the exact minimum p is 2/24', () => {
    const score = scoreTrend([1, 2, 3, 4]);
    expect(score.pValue).toBeCloseTo(2 / 24, 15);
    expect(score.category).toBe('stable');
    expect(scoreTrend([1, 2, 3, 4], { alpha: 0.1 }).category).toBe('rising');
  });

  it('switches to the normal approximation for ties and above 10 rounds', () => {
    expect(scoreTrend([5, 7, 7, 9, 12]).method).toBe('normal');
    expect(scoreTrend([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]).method).toBe('normal');
    expect(scoreTrend([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).method).toBe('exact');
  });

  it('leaves percentChange null when a value is zero, without hiding the trend', () => {
    const score = scoreTrend([0, 10, 20, 30, 40, 50]);
    expect(score.percentChange).toBeNull();
    expect(score.category).toBe('rising');
  });

  it('keeps the ordinary test (exact for small n) when no value is censored', () => {
    const score = scoreTrend([100, 120, 115, 160, 190, 240], { censored: [false, false, false, false, false, false] });
    expect(score.test).toBe('mann-kendall');
    expect(score.method).toBe('exact');
    expect(score.s).toBe(13);
    expect(score.censoredN).toBe(0);
  });

  it('does not read a falling reporting limit as a falling trend', () => {
    // The lab's LOQ drops from 10 to 2 while nothing is found above it: LOQ/2 substitutes fall
    // (5, 5, 5, 2.5, 2.5, 1, 1, 1) and the ordinary test calls it falling; censored, every pair
    // is a tie and there is no evidence either way.
    const limits = [10, 10, 10, 5, 5, 2, 2, 2];
    const halves = limits.map((l) => l / 2);
    expect(scoreTrend(halves).category).toBe('falling');
    const censored = scoreTrend(limits, { censored: limits.map(() => true) });
    expect(censored.test).toBe('censored-mann-kendall');
    expect(censored.s).toBe(0);
    expect(censored.category).toBe('stable');
    expect(censored.senSlope).toBe(0);
    expect(censored.censoredN).toBe(8);
  });

  it('orders a detection above an earlier limit: <1 <1 <1 then 4 5 6 7 8 is rising', () => {
    const values = [1, 1, 1, 4, 5, 6, 7, 8];
    const score = scoreTrend(values, { censored: values.map((_, i) => i < 3) });
    expect(score.test).toBe('censored-mann-kendall');
    // 3 censored ties among themselves; the other 25 pairs all increase.
    expect(score.s).toBe(25);
    expect(score.category).toBe('rising');
  });

  it('refuses censored flags of the wrong length', () => {
    expect(() => scoreTrend([1, 2, 3], { censored: [true] })).toThrow(/one flag per value/);
  });
});
