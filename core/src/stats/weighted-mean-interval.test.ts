import { describe, expect, it } from 'vitest';
import { weightedMeanInterval } from './weighted-mean-interval';

describe('weightedMeanInterval', () => {
  it('takes the weighted mean and combines the half-widths as independent errors, each side apart', () => {
    const result = weightedMeanInterval([
      { weight: 1, estimate: 10, interval95: { lower95: 6, upper95: 16 } },
      { weight: 3, estimate: 20, interval95: { lower95: 18, upper95: 30 } },
    ])!;
    expect(result.estimate).toBeCloseTo((10 + 60) / 4, 12);
    // √(1²·4² + 3²·2²)/4 below, √(1²·6² + 3²·10²)/4 above.
    expect(result.interval95.lower95).toBeCloseTo(17.5 - Math.sqrt(16 + 36) / 4, 12);
    expect(result.interval95.upper95).toBeCloseTo(17.5 + Math.sqrt(36 + 900) / 4, 12);
  });

  it('gives one figure back unchanged, and nothing for no weight', () => {
    const one = weightedMeanInterval([{ weight: 5, estimate: 40, interval95: { lower95: 25, upper95: 70 } }])!;
    expect(one.estimate).toBeCloseTo(40, 12);
    expect(one.interval95.lower95).toBeCloseTo(25, 12);
    expect(one.interval95.upper95).toBeCloseTo(70, 12);
    expect(weightedMeanInterval([])).toBeNull();
    expect(weightedMeanInterval([{ weight: 0, estimate: 3, interval95: null }])).toBeNull();
  });

  it('narrows with more independent figures of equal size', () => {
    const many = Array.from({ length: 4 }, () => ({
      weight: 1,
      estimate: 10,
      interval95: { lower95: 8, upper95: 12 },
    }));
    const result = weightedMeanInterval(many)!;
    expect(result.interval95.upper95 - result.estimate).toBeCloseTo(1, 12);
    expect(result.estimate - result.interval95.lower95).toBeCloseTo(1, 12);
  });
});
