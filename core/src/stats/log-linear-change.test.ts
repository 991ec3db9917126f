import { describe, expect, it } from 'vitest';
import { logLinearChange } from './log-linear-change';

describe('log-linear percent change', () => {
  it('gives +300 % for a series that doubles each round over two rounds', () => {
    const result = logLinearChange([100, 200, 400]);
    expect(result.logSlopePerStep).toBeCloseTo(Math.LN2, 14);
    expect(result.percentChange).toBeCloseTo(300, 10);
  });

  it('gives −50 % for a halving over one round and 0 for a flat series', () => {
    expect(logLinearChange([80, 40]).percentChange).toBeCloseTo(-50, 10);
    expect(logLinearChange([7, 7, 7, 7]).percentChange).toBe(0);
  });

  it('fits the least-squares line, not the end points', () => {
    // ln x = [0, 1, 0, 3] at t = 0..3: b = Σ(t − 1.5)(y − 1) / Σ(t − 1.5)² = 4 / 5 = 0.8
    const result = logLinearChange([1, Math.E, 1, Math.E ** 3]);
    expect(result.logSlopePerStep).toBeCloseTo(0.8, 12);
    expect(result.percentChange).toBeCloseTo(Math.expm1(0.8 * 3) * 100, 10);
  });

  it('measures the window over present rounds and keeps their original positions', () => {
    const result = logLinearChange([null, 100, null, 400]);
    expect(result.windowSpan).toBe(2);
    expect(result.percentChange).toBeCloseTo(300, 10);
  });

  it('refuses zero or negative values by default and says why', () => {
    const result = logLinearChange([10, 0, 20, 40]);
    expect(result.percentChange).toBeNull();
    expect(result.reason).toBe('non_positive_values');
    expect(result.droppedNonPositive).toBe(1);
  });

  it('can drop non-positive values instead, and reports how many', () => {
    const result = logLinearChange([10, 0, 40], { nonPositive: 'drop' });
    expect(result.droppedNonPositive).toBe(1);
    expect(result.nUsed).toBe(2);
    expect(result.percentChange).toBeCloseTo(300, 10);
  });

  it('returns too_few_points for a single value', () => {
    expect(logLinearChange([null, 5, null]).reason).toBe('too_few_points');
  });
});
