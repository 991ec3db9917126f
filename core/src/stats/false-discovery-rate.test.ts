import { describe, expect, it } from 'vitest';
import { benjaminiHochbergAdjust, benjaminiHochbergThreshold } from './false-discovery-rate';

// Ten p-values; adjusted values from scipy.stats.false_discovery_control (scipy 1.17, method 'bh').
const pValues = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216];
const scipyAdjusted = [0.01, 0.04, 0.084, 0.084, 0.084, 0.1, 0.1057142857142857, 0.216, 0.216, 0.216];

describe('Benjamini-Hochberg', () => {
  it('adjusts p-values as scipy does, in input order', () => {
    const shuffled = [5, 0, 9, 2, 7, 1, 8, 3, 6, 4];
    const adjusted = benjaminiHochbergAdjust(shuffled.map((i) => pValues[i]!));
    shuffled.forEach((i, k) => expect(adjusted[k]).toBeCloseTo(scipyAdjusted[i]!, 14));
  });

  it('finds the step-up threshold: the largest p_(k) ≤ k·q/m', () => {
    // q 0.05: k=2 (0.008 ≤ 0.01) passes, k=3 (0.039 > 0.015) fails, and so do all larger k
    expect(benjaminiHochbergThreshold(pValues, 0.05)).toBe(0.008);
    // q 0.10: k=6 → 0.06 ≤ 0.06
    expect(benjaminiHochbergThreshold(pValues, 0.1)).toBe(0.06);
  });

  it('agrees with the adjusted values: p ≤ threshold ⇔ adjusted ≤ q', () => {
    const adjusted = benjaminiHochbergAdjust(pValues);
    for (const q of [0.01, 0.05, 0.1, 0.2]) {
      const threshold = benjaminiHochbergThreshold(pValues, q);
      pValues.forEach((p, i) => expect(p <= threshold).toBe(adjusted[i]! <= q));
    }
  });

  it('returns 0 when nothing passes, and ignores NaN', () => {
    expect(benjaminiHochbergThreshold([0.5, 0.9], 0.05)).toBe(0);
    expect(benjaminiHochbergThreshold([0.01, Number.NaN], 0.05)).toBe(0.01);
    expect(Number.isNaN(benjaminiHochbergAdjust([0.01, Number.NaN])[1]!)).toBe(true);
  });
});
