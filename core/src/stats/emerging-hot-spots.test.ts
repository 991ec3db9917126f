import { describe, expect, it } from 'vitest';
import { classifyEmergingHotSpot, type EmergingHotSpotCategory } from './emerging-hot-spots';
import { normalTwoSidedP } from './normal-distribution';

/** A site's Gi* z per round with the matching two-sided p (significant at 0.10 ⇔ |z| ≥ 1.645). */
function classify(z: (number | null)[]): EmergingHotSpotCategory {
  return classifyEmergingHotSpot({ z, p: z.map((v) => (v === null ? null : normalTwoSidedP(v))) }).category;
}

const negate = (z: number[]): number[] => z.map((v) => (v === 0 ? 0 : -v));

// Ten rounds each, so "90 %" means 9 of 10 rounds.
const patterns: Record<string, number[]> = {
  new: [0, 0.5, -0.3, 0, 0.2, 0, 0.1, -0.5, 0.3, 2.5],
  consecutive: [0, 0.5, -0.3, 0, 0.2, 0, 0.1, 2.0, 2.2, 2.5],
  intensifying: [1.8, 2.0, 2.1, 2.3, 2.4, 2.6, 2.9, 3.1, 3.3, 3.6],
  persistent: [2.5, 2.1, 2.8, 2.2, 2.6, 2.0, 2.9, 2.3, 2.4, 2.7],
  diminishing: [3.6, 3.3, 3.1, 2.9, 2.6, 2.4, 2.3, 2.1, 2.0, 1.8],
  sporadic: [0, 2.0, 0.3, 0, 2.2, 0.1, 0, 0.4, 0, 2.1],
  oscillating: [0, -2.0, 0.3, 0, 2.2, 0.1, -1.9, 0.4, 0, 2.1],
  historical: [2.5, 2.1, 2.8, 2.2, 2.6, 2.0, 2.9, 2.3, 2.4, 0.5],
};

describe('classifyEmergingHotSpot: one constructed series per category', () => {
  for (const [name, z] of Object.entries(patterns)) {
    it(`recognises a ${name} hot spot`, () => {
      expect(classify(z)).toBe(`${name}_hot_spot`);
    });
    it(`recognises a ${name} cold spot (the mirror series)`, () => {
      expect(classify(negate(z))).toBe(`${name}_cold_spot`);
    });
  }

  it('says no_pattern when the final round is not significant and hot rounds are few', () => {
    expect(classify([0, 2.0, 0.3, 0, 2.2, 0.1, 0, 0.4, 0, 0.1])).toBe('no_pattern');
    expect(classify([0.3, -0.2, 0.5, 0.1])).toBe('no_pattern');
  });
});

describe('classifyEmergingHotSpot: details of the rules', () => {
  it('reports the counts and the Mann-Kendall trend on z', () => {
    const result = classifyEmergingHotSpot({
      z: patterns.intensifying!,
      p: patterns.intensifying!.map(normalTwoSidedP),
    });
    expect(result).toMatchObject({ rounds: 10, hotRounds: 10, coldRounds: 0 });
    expect(result.trend).toMatchObject({ s: 45, method: 'exact' });
    expect(result.trend.pValue).toBeCloseTo(2 / 3628800, 15);
  });

  it('keeps the persistent series free of a significant trend', () => {
    const result = classifyEmergingHotSpot({
      z: patterns.persistent!,
      p: patterns.persistent!.map(normalTwoSidedP),
    });
    expect(result.trend.pValue).toBeGreaterThan(0.05);
  });

  it('calls 4 all-hot rising rounds persistent: the exact test cannot reach p < 0.05 with 4 values', () => {
    expect(classify([2.0, 2.5, 3.0, 3.5])).toBe('persistent_hot_spot');
    expect(classify([2.0, 2.5, 3.0, 3.5, 4.0])).toBe('intensifying_hot_spot');
  });

  it('treats a cold past as oscillating even when the site was never hot before', () => {
    expect(classify([-2.0, 0, 0, 2.2])).toBe('oscillating_hot_spot');
  });

  it('uses FDR-corrected bins when given, instead of p', () => {
    const z = [0, 0, 0, 1.9];
    expect(classifyEmergingHotSpot({ z, bin: [0, 0, 0, 1] }).category).toBe('new_hot_spot');
    expect(classifyEmergingHotSpot({ z, bin: [0, 0, 0, 0] }).category).toBe('no_pattern');
  });

  it('counts a missing round as not significant (it breaks a run)', () => {
    expect(classify([0, 2.0, null, 2.1])).toBe('sporadic_hot_spot');
    expect(classify([0, 0, 2.0, 2.1])).toBe('consecutive_hot_spot');
  });

  it('calls a single significant round new', () => {
    expect(classify([2.0])).toBe('new_hot_spot');
  });
});
