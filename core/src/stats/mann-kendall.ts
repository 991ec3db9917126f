import { normalCdf, normalTwoSidedP, normalUpperTail } from './normal-distribution';
import { presentValues, type RoundValues } from './round-series';

/** Largest series length for which the exact null distribution of S is used. */
export const MANN_KENDALL_EXACT_MAX_N = 10;

export interface MannKendallResult {
  /** Number of present (non-missing) values. */
  readonly n: number;
  /** S = Σ_{i<j} sgn(x_j − x_i). */
  readonly s: number;
  /** Var(S) with the tie correction. */
  readonly varS: number;
  /** Normal score with continuity correction, (S − sgn S)/√Var(S); reported for both methods. */
  readonly z: number;
  /** Two-sided p for "any monotonic trend". */
  readonly pValue: number;
  /** One-sided p for an increasing trend, P(S ≥ s). */
  readonly pIncreasing: number;
  /** One-sided p for a decreasing trend, P(S ≤ s). */
  readonly pDecreasing: number;
  /** Kendall's tau-a, S / (n(n−1)/2), as pyMannKendall. */
  readonly tau: number;
  /** `exact` for n ≤ 10 without ties, otherwise `normal`. */
  readonly method: 'exact' | 'normal';
  /** True when equal values are present (then n ≤ 10 falls back to the normal approximation). */
  readonly hasTies: boolean;
}

/**
 * Cumulative counts of permutations of n items by number of inversions (Mahonian numbers):
 * EXACT_CUMULATIVE[n][k] = #{permutations with ≤ k inversions}. Without ties
 * S = n(n−1)/2 − 2·inversions, so P(S ≥ s) = cumulative[(N − s)/2] / n!.
 * Recurrence M(n,k) = Σ_{j=0}^{min(k,n−1)} M(n−1, k−j) (Kendall 1938; Kendall & Gibbons,
 * Rank Correlation Methods, 5th ed. 1990, ch. 4). Built once, n ≤ 10 (10! = 3,628,800).
 */
const EXACT_CUMULATIVE: Float64Array[] = buildExactTables(MANN_KENDALL_EXACT_MAX_N);
const FACTORIAL: number[] = [1];
for (let i = 1; i <= MANN_KENDALL_EXACT_MAX_N; i++) FACTORIAL[i] = FACTORIAL[i - 1]! * i;

function buildExactTables(maxN: number): Float64Array[] {
  const tables: Float64Array[] = [];
  let counts = new Float64Array([1]);
  tables[0] = new Float64Array([1]);
  tables[1] = new Float64Array([1]);
  for (let n = 2; n <= maxN; n++) {
    const maxInversions = (n * (n - 1)) / 2;
    const next = new Float64Array(maxInversions + 1);
    for (let k = 0; k <= maxInversions; k++) {
      let sum = 0;
      for (let j = 0; j <= Math.min(k, n - 1); j++) {
        const prev = k - j;
        if (prev < counts.length) sum += counts[prev]!;
      }
      next[k] = sum;
    }
    counts = next;
    const cumulative = new Float64Array(maxInversions + 1);
    let running = 0;
    for (let k = 0; k <= maxInversions; k++) {
      running += next[k]!;
      cumulative[k] = running;
    }
    tables[n] = cumulative;
  }
  return tables;
}

/**
 * Exact P(S ≥ s) under H0 (no trend, no ties) for 2 ≤ n ≤ 10.
 * @example mannKendallExactUpperTail(6, 13) // 0.008333… (6/720)
 */
export function mannKendallExactUpperTail(n: number, s: number): number {
  if (!Number.isInteger(n) || n < 2 || n > MANN_KENDALL_EXACT_MAX_N) {
    throw new RangeError(
      `exact Mann-Kendall distribution is tabulated for 2 ≤ n ≤ ${MANN_KENDALL_EXACT_MAX_N}`,
    );
  }
  const maxS = (n * (n - 1)) / 2;
  if (s > maxS) return 0;
  if (s <= -maxS) return 1;
  // S ≥ s  ⇔  inversions ≤ (maxS − s)/2; S only takes values of the parity of maxS.
  const maxInversions = Math.floor((maxS - s) / 2);
  return EXACT_CUMULATIVE[n]![maxInversions]! / FACTORIAL[n]!;
}

/**
 * Mann-Kendall trend test for a short series (Mann 1945; Kendall 1975).
 *
 * S = Σ_{i<j} sgn(x_j − x_i) over present values (missing rounds are skipped).
 * Var(S) = [n(n−1)(2n+5) − Σ_t t(t−1)(2t+5)] / 18, t = size of each group of ties.
 * - n ≤ 10 and no ties: p from the exact permutation distribution of S (docs/design.md §4:
 *   n=6, S=13 → one-sided 0.0083). Two-sided p = min(1, 2·P(S ≥ |s|)).
 * - otherwise: z = (S − sgn S)/√Var(S) (continuity correction), two-sided p = 2(1 − Φ(|z|)),
 *   as pyMannKendall's `original_test` (Hussain & Mahmud 2019, JOSS 4(39):1556).
 * With ties and n ≤ 10 the exact table does not apply; `method` says `normal` and `hasTies` true.
 * @example mannKendall([100, 120, 115, 160, 190, 240]) // s 13, method 'exact', pIncreasing 0.00833
 */
export function mannKendall(values: RoundValues): MannKendallResult {
  const present = presentValues(values);
  return mannKendallOfPresent(present.values);
}

/** Mann-Kendall on values already stripped of missing entries (no copy, no validation). */
export function mannKendallOfPresent(x: ArrayLike<number>): MannKendallResult {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = x[i]!;
    for (let j = i + 1; j < n; j++) {
      const d = x[j]! - xi;
      if (d > 0) s++;
      else if (d < 0) s--;
    }
  }
  const tieTerm = tieCorrection(x);
  const varS = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  const hasTies = tieTerm > 0;
  const pairs = (n * (n - 1)) / 2;
  const tau = pairs > 0 ? s / pairs : 0;
  const z = varS > 0 ? (s - Math.sign(s)) / Math.sqrt(varS) : 0;

  if (n >= 2 && n <= MANN_KENDALL_EXACT_MAX_N && !hasTies) {
    const pIncreasing = mannKendallExactUpperTail(n, s);
    const pDecreasing = mannKendallExactUpperTail(n, -s);
    const pValue = Math.min(1, 2 * Math.min(pIncreasing, pDecreasing));
    return { n, s, varS, z, pValue, pIncreasing, pDecreasing, tau, method: 'exact', hasTies };
  }
  if (varS <= 0) {
    return { n, s, varS, z: 0, pValue: 1, pIncreasing: 1, pDecreasing: 1, tau, method: 'normal', hasTies };
  }
  const sd = Math.sqrt(varS);
  // Continuity-corrected tails: P(S ≥ s) ≈ Q((s − 1)/σ), P(S ≤ s) ≈ Φ((s + 1)/σ).
  const pIncreasing = normalUpperTail((s - 1) / sd);
  const pDecreasing = normalCdf((s + 1) / sd);
  return {
    n,
    s,
    varS,
    z,
    pValue: normalTwoSidedP(z),
    pIncreasing,
    pDecreasing,
    tau,
    method: 'normal',
    hasTies,
  };
}

/** Σ t(t−1)(2t+5) over groups of equal values (exact equality, as pyMannKendall's np.unique). */
function tieCorrection(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return 0;
  const sorted = Float64Array.from(x).sort();
  let total = 0;
  let run = 1;
  for (let i = 1; i <= n; i++) {
    if (i < n && sorted[i] === sorted[i - 1]) {
      run++;
    } else {
      if (run > 1) total += run * (run - 1) * (2 * run + 5);
      run = 1;
    }
  }
  return total;
}
