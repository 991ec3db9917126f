import { describe, expect, it } from 'vitest';
import {
  boundFor,
  DEFAULT_PLAUSIBILITY_BOUNDS,
  judgeValue,
  type PlausibilityBound,
} from './plausibility-bounds';

describe('plausibility bounds', () => {
  it('refuses 1e300 ng/L and asks to confirm 2 × 10⁵ ng/L of methamphetamine', () => {
    const bound = boundFor('concentration', 'METH', 'venue');
    expect(judgeValue(1e300, bound)).toMatchObject({ level: 'hard', side: 'above' });
    expect(judgeValue(2e5, bound)).toMatchObject({ level: 'soft', side: 'above', limit: 1e5 });
    expect(judgeValue(520, bound)).toEqual({ level: 'ok' });
  });

  it('judges flow by the kind of site: 2 × 10⁴ m³/d is ordinary at a plant, odd at a hotel', () => {
    expect(judgeValue(2e4, boundFor('flow', null, 'wwtp')).level).toBe('ok');
    expect(judgeValue(2e4, boundFor('flow', null, 'hotel')).level).toBe('soft');
    expect(judgeValue(0, boundFor('flow', null, 'wwtp')).level).toBe('hard');
    expect(judgeValue(-1, boundFor('population', null, 'venue')).level).toBe('hard');
  });

  it('takes the most specific bound an admin stored before the defaults', () => {
    const stored: PlausibilityBound = {
      ...DEFAULT_PLAUSIBILITY_BOUNDS[0]!,
      analyteCode: 'METH',
      softMax: 5e3,
      source: 'our lab: METH never above 5 µg/L',
    };
    expect(boundFor('concentration', 'METH', 'venue', [stored])).toBe(stored);
    expect(boundFor('concentration', 'KET', 'venue', [stored])).toBe(DEFAULT_PLAUSIBILITY_BOUNDS[0]);
  });

  it('refuses a recovery of 0 % and asks to confirm one of 160 %', () => {
    expect(judgeValue(0, boundFor('recovery', null, null)).level).toBe('hard');
    expect(judgeValue(160, boundFor('recovery', null, null)).level).toBe('soft');
  });
});
