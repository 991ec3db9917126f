import { describe, expect, it } from 'vitest';
import { detectSpike } from './spike';

describe('detectSpike (EARS-style z, default)', () => {
  it('flags a latest round far above the earlier ones, with statistic and threshold', () => {
    // baseline 100,110,95,105: mean 102.5, sd 6.455 < floor 20.5 → z = (400 − 102.5)/20.5
    const result = detectSpike([100, 110, 95, 105, 400]);
    expect(result.baselineMean).toBe(102.5);
    expect(result.baselineSd).toBeCloseTo(20.5, 12);
    expect(result.statistic).toBeCloseTo(297.5 / 20.5, 12);
    expect(result.threshold).toBe(3);
    expect(result.isSpike).toBe(true);
  });

  it('uses the sample sd when it exceeds the floor', () => {
    // baseline 50,150,100: mean 100, sd 50 → z = (240 − 100)/50 = 2.8 < 3
    const result = detectSpike([50, 150, 100, 240]);
    expect(result.baselineSd).toBe(50);
    expect(result.statistic).toBeCloseTo(2.8, 12);
    expect(result.isSpike).toBe(false);
  });

  it('does not divide by zero on a flat baseline: the 20 % floor applies', () => {
    const result = detectSpike([10, 10, 10, 15]);
    expect(result.baselineSd).toBeCloseTo(2, 12);
    expect(result.statistic).toBeCloseTo(2.5, 12);
    expect(result.isSpike).toBe(false);
  });

  it('looks for increases only', () => {
    expect(detectSpike([100, 110, 95, 105, 1]).isSpike).toBe(false);
  });

  it('needs three earlier rounds and a latest value', () => {
    expect(detectSpike([100, 110, 900]).reason).toBe('insufficient_baseline');
    expect(detectSpike([100, 110, 95, 105, null]).reason).toBe('latest_missing');
    expect(detectSpike([100, null, 110, 95, 900]).reason).toBe('ok');
  });
});

describe('detectSpike (EWMA λ 0.4, CUSUM k 0.5 h 4)', () => {
  it('EWMA: standardises the smoothed value by its exact variance after T steps', () => {
    // baseline 100 ×4 → mean 100, sd floored to 20; EWMA over 5 rounds ends at 100 + 0.4·100 = 140
    const result = detectSpike([100, 100, 100, 100, 200], { method: 'ewma' });
    const ewmaSd = 20 * Math.sqrt((0.4 / 1.6) * (1 - 0.6 ** 10));
    expect(result.statistic).toBeCloseTo(40 / ewmaSd, 12);
    expect(result.threshold).toBe(3);
    expect(result.isSpike).toBe(true);
  });

  it('CUSUM: accumulates standardised excess above k and alarms past h', () => {
    // mean 100, sd 20: steps of (x − 100)/20 − 0.5 → 0,0,0,0 then (180 − 100)/20 − 0.5 = 3.5 < 4
    const oneJump = detectSpike([100, 100, 100, 100, 180], { method: 'cusum' });
    expect(oneJump.statistic).toBeCloseTo(3.5, 12);
    expect(oneJump.isSpike).toBe(false);
    const bigJump = detectSpike([100, 100, 100, 100, 200], { method: 'cusum' });
    expect(bigJump.statistic).toBeCloseTo(4.5, 12);
    expect(bigJump.isSpike).toBe(true);
  });
});
