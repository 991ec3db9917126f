import { describe, expect, it } from 'vitest';
import { normalCdf, normalTwoSidedP, normalUpperTail } from './normal-distribution';

// Reference values computed with mpmath 1.3 ncdf at 30 significant digits.
describe('normal distribution tails', () => {
  it('gives the textbook quantiles 1.6449, 1.96 and 2.5758 their tail areas', () => {
    expect(normalUpperTail(1.6448536269514722)).toBeCloseTo(0.05, 14);
    expect(normalTwoSidedP(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(normalTwoSidedP(-2.5758293035489004)).toBeCloseTo(0.01, 14);
  });

  it('is symmetric and continuous across the algorithm interval boundaries', () => {
    for (const z of [0, 0.3, 0.67448975, 0.6745, 2, 5.6568, 5.6569, 8, 20]) {
      expect(normalCdf(z) + normalCdf(-z)).toBeCloseTo(1, 15);
    }
    expect(normalUpperTail(0)).toBe(0.5);
    expect(normalUpperTail(0.67448975)).toBeCloseTo(0.25, 8);
  });

  it('keeps relative precision far in the tail', () => {
    // mpmath: ncdf(-10) = 7.61985302416052606597e-24
    expect(normalUpperTail(10) / 7.619853024160525e-24).toBeCloseTo(1, 12);
    // mpmath: ncdf(-6) = 9.86587645037698140701e-10
    expect(normalCdf(-6) / 9.865876450376981e-10).toBeCloseTo(1, 12);
    expect(normalUpperTail(40)).toBe(0);
  });
});
