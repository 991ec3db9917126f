import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mannKendall, mannKendallExactUpperTail } from './mann-kendall';

const fixtures = new URL('../../../test/fixtures/stats/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('EXPECTED_mk_sen.json', fixtures), 'utf8'));

/** Second column of a two-column CSV with a header; an empty cell is a missing value. */
function readSeries(name: string): (number | null)[] {
  const lines = readFileSync(new URL(name, fixtures), 'utf8').trim().split(/\r?\n/).slice(1);
  return lines.map((line) => {
    const cell = line.split(',')[1]!.trim();
    return cell === '' ? null : Number(cell);
  });
}

describe('Mann-Kendall exact distribution (n ≤ 10, no ties)', () => {
  it("reproduces docs/design.md's one-sided p-values to 4 decimals", () => {
    expect(mannKendallExactUpperTail(5, 10)).toBeCloseTo(0.0083, 4);
    expect(mannKendallExactUpperTail(6, 15)).toBeCloseTo(0.0014, 4);
    expect(mannKendallExactUpperTail(6, 13)).toBeCloseTo(0.0083, 4);
    expect(mannKendallExactUpperTail(6, 11)).toBeCloseTo(0.0278, 4);
  });

  it('gives the exact permutation counts: 1/120, 1/720, 6/720, 20/720', () => {
    expect(mannKendallExactUpperTail(5, 10)).toBe(1 / 120);
    expect(mannKendallExactUpperTail(6, 15)).toBe(1 / 720);
    expect(mannKendallExactUpperTail(6, 13)).toBe(6 / 720);
    expect(mannKendallExactUpperTail(6, 11)).toBe(20 / 720);
  });

  it('matches a brute-force enumeration of all 7! permutations', () => {
    const counts = new Map<number, number>();
    const perm = [0, 1, 2, 3, 4, 5, 6];
    const visit = (k: number): void => {
      if (k === perm.length) {
        let s = 0;
        for (let i = 0; i < perm.length; i++)
          for (let j = i + 1; j < perm.length; j++) s += Math.sign(perm[j]! - perm[i]!);
        counts.set(s, (counts.get(s) ?? 0) + 1);
        return;
      }
      for (let i = k; i < perm.length; i++) {
        [perm[k], perm[i]] = [perm[i]!, perm[k]!];
        visit(k + 1);
        [perm[k], perm[i]] = [perm[i]!, perm[k]!];
      }
    };
    visit(0);
    for (let s = -21; s <= 21; s += 2) {
      let atLeast = 0;
      for (const [value, count] of counts) if (value >= s) atLeast += count;
      expect(mannKendallExactUpperTail(7, s)).toBeCloseTo(atLeast / 5040, 15);
    }
  });

  it('is a distribution: P(S ≥ −max) = 1 and P(S ≥ max+1) = 0', () => {
    expect(mannKendallExactUpperTail(10, -45)).toBe(1);
    expect(mannKendallExactUpperTail(10, 45)).toBe(1 / 3628800);
    expect(mannKendallExactUpperTail(10, 46)).toBe(0);
  });

  it('scores the docs/design.md example [100,120,115,160,190,240] as S=13, exact one-sided p 0.0083', () => {
    const result = mannKendall([100, 120, 115, 160, 190, 240]);
    expect(result.s).toBe(13);
    expect(result.method).toBe('exact');
    expect(result.pIncreasing).toBeCloseTo(0.0083, 4);
    expect(result.pValue).toBeCloseTo(2 * (6 / 720), 15);
    expect(result.tau).toBeCloseTo(13 / 15, 15);
  });

  it('reports a falling series through pDecreasing and the symmetric two-sided p', () => {
    const result = mannKendall([240, 190, 160, 115, 120, 100]);
    expect(result.s).toBe(-13);
    expect(result.pDecreasing).toBeCloseTo(6 / 720, 15);
    expect(result.pIncreasing).toBeCloseTo(1 - 1 / 720, 15); // P(S ≥ −13) = 1 − P(S = −15)
    expect(result.pValue).toBeCloseTo(12 / 720, 15);
  });

  it('falls back to the normal approximation when a short series has ties, and says so', () => {
    const result = mannKendall([5, 7, 7, 9, 12]);
    expect(result.method).toBe('normal');
    expect(result.hasTies).toBe(true);
    expect(result.s).toBe(9);
    // Var = [5·4·15 − 2·1·9]/18 = 282/18
    expect(result.varS).toBeCloseTo(282 / 18, 12);
    expect(result.z).toBeCloseTo(8 / Math.sqrt(282 / 18), 12);
  });

  it('skips missing rounds: n counts present values only', () => {
    const result = mannKendall([1, null, 3, Number.NaN, 6]);
    expect(result.n).toBe(3);
    expect(result.s).toBe(3);
    expect(result.pIncreasing).toBeCloseTo(1 / 6, 15);
  });

  it('gives p = 1 for a constant series', () => {
    const result = mannKendall([4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4]);
    expect(result.s).toBe(0);
    expect(result.pValue).toBe(1);
  });
});

describe('Mann-Kendall normal approximation against pyMannKendall', () => {
  it('reproduces original_test on 365 daily births (many ties)', () => {
    const births = expected.births_original_test;
    const result = mannKendall(readSeries('pymk_daily-total-female-births.csv'));
    expect(result.method).toBe('normal');
    expect(result.s).toBe(births.s);
    expect(result.varS).toBeCloseTo(births.var_s, 6);
    expect(result.z).toBeCloseTo(births.z, 6);
    expect(Math.abs(result.pValue - births.p)).toBeLessThan(1e-6);
    expect(result.pValue / births.p).toBeCloseTo(1, 6);
    expect(result.tau).toBeCloseTo(births.Tau, 6);
  });

  it('reproduces original_test on the 360-value test fixture with 7 missing values and ties', () => {
    const arbitrary = expected.arbitrary_360_with_NaN_and_ties_original_test;
    const result = mannKendall(readSeries('pymk_tests_arbitrary_1d_data.csv'));
    expect(result.n).toBe(353);
    expect(result.s).toBe(arbitrary.s);
    expect(result.varS).toBeCloseTo(arbitrary.var_s, 6);
    expect(result.z).toBeCloseTo(arbitrary.z, 6);
    expect(result.pValue).toBeCloseTo(arbitrary.p, 6);
    expect(result.tau).toBeCloseTo(arbitrary.Tau, 6);
  });

  it('reproduces S, Var(S), z and p of the shampoo series (no ties)', () => {
    const derived = expected.shampoo_hamed_rao._derived_not_published_original_test;
    const result = mannKendall(readSeries('pymk_shampoo.csv'));
    expect(result.s).toBe(expected.shampoo_hamed_rao.s);
    expect(result.tau).toBeCloseTo(expected.shampoo_hamed_rao.Tau, 12);
    expect(result.varS).toBe(derived.var_s);
    expect(result.z).toBeCloseTo(derived.z, 9);
    expect(result.pValue / derived.p).toBeCloseTo(1, 6);
  });

  it('reproduces MannKendall.jl on the perfect trend 1..100', () => {
    const perfect = expected.perfect_trend_1_to_100;
    const result = mannKendall(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(result.s).toBe(perfect.s);
    expect(result.varS).toBe(perfect.var_s);
    expect(result.z).toBeCloseTo(perfect.z, 9);
    expect(result.tau).toBe(1);
    expect(result.pValue).toBeLessThan(1e-40);
  });
});
