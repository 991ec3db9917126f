import { ValidationError } from '../errors/app-error';
import { normalTwoSidedP } from './normal-distribution';

/**
 * One left-censored series: `values[i]` is the measured value, or the reporting limit (LOQ)
 * when `censored[i]` is true ("< values[i]"). Oldest first; times strictly increasing.
 */
export interface CensoredSeries {
  readonly values: ArrayLike<number>;
  readonly censored: ArrayLike<boolean>;
}

export interface CensoredMannKendallResult {
  readonly n: number;
  /** Number of censored values. */
  readonly nCensored: number;
  /** S over the pairs whose order is known; ambiguous pairs count as ties. */
  readonly s: number;
  /** Var(S) with Helsel's corrections for tied limits, tied values and censoring. */
  readonly varS: number;
  /** (S − sgn S)/√Var(S). */
  readonly z: number;
  /** Two-sided normal p; 1 when Var(S) is not positive or n < 3. */
  readonly pValue: number;
  /** S / (n(n−1)/2), as LWPTrends reports it. */
  readonly tau: number;
}

/** t(t−1)(2t+5)/18, the variance lost to one group of t tied values. */
function tieGroupVariance(t: number): number {
  return (t * (t - 1) * (2 * t + 5)) / 18;
}

/**
 * Sign of the change from observation i to a later observation j, or 0 when censoring
 * leaves the order unknown (Helsel 2012, §12.1): both censored, or a censored value whose
 * limit is at or above the detected value it is compared with ("<5" against 3 is a tie,
 * "<1" against 10 is an increase, a detected 6 against "<6" is larger).
 */
export function censoredPairSign(xi: number, ci: boolean, xj: number, cj: boolean): -1 | 0 | 1 {
  if (ci && cj) return 0;
  if (ci) return xj >= xi ? 1 : 0;
  if (cj) return xi >= xj ? -1 : 0;
  return xj > xi ? 1 : xj < xi ? -1 : 0;
}

/**
 * Mann-Kendall test of a left-censored series against time (time is never censored and has
 * no ties), following Helsel's censored Kendall's tau: the statistic of NADA's `cenken`
 * (Helsel, Statistics for Censored Environmental Data Using Minitab and R, 2nd ed., Wiley 2012,
 * ch. 12) as LWPTrends' `GetKendal` (Snelder & Fraser, LWP Ltd, LWPTrends_v2502.r) computes it.
 *
 * Var(S) = n(n−1)(2n+5)/18 − Δc − Δuc − Δu with, x ranked ascending and each censored value
 * placed just below its limit:
 * - Δc: Σ t(t−1)(2t+5)/18 over groups of censored values sharing one limit;
 * - Δuc: Σ over censored values of (number ranked below it) − Σ over those groups (t − 1);
 * - Δu: Σ t(t−1)(2t+5)/18 over groups of equal detected values.
 * Without censored values this is the ordinary tie-corrected Mann-Kendall variance.
 * @example censoredMannKendall({ values: [1, 1, 2, 3], censored: [true, true, false, false] }) // s 5
 */
export function censoredMannKendall(series: CensoredSeries): CensoredMannKendallResult {
  const { values, censored } = series;
  const n = values.length;
  if (censored.length !== n) {
    throw new ValidationError('censored must have one flag per value', { values: n, censored: censored.length });
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i]!)) throw new ValidationError('series value is not a finite number', { index: i });
  }

  let s = 0;
  let nCensored = 0;
  for (let i = 0; i < n; i++) {
    if (censored[i]) nCensored++;
    for (let j = i + 1; j < n; j++) s += censoredPairSign(values[i]!, censored[i]!, values[j]!, censored[j]!);
  }

  // Rank order: ascending value; at equal value a censored one ("<v") sorts below a detected v.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const d = values[a]! - values[b]!;
    if (d !== 0) return d;
    return Number(censored[b]!) - Number(censored[a]!);
  });

  let deltaCensoredTies = 0;
  let deltaDetectedTies = 0;
  let censoredGroupSlack = 0;
  let censoredRankSum = 0;
  let k = 0;
  while (k < n) {
    const idx = order[k]!;
    const isCensored = Boolean(censored[idx]);
    let end = k + 1;
    while (end < n && values[order[end]!] === values[idx] && Boolean(censored[order[end]!]) === isCensored) end++;
    const t = end - k;
    if (isCensored) {
      deltaCensoredTies += tieGroupVariance(t);
      censoredGroupSlack += t - 1;
      // Sorted positions k..end−1 (0-based): each censored value has that many ranked below it.
      for (let p = k; p < end; p++) censoredRankSum += p;
    } else {
      deltaDetectedTies += tieGroupVariance(t);
    }
    k = end;
  }
  const deltaUncertain = censoredRankSum - censoredGroupSlack;
  const varS = (n * (n - 1) * (2 * n + 5)) / 18 - deltaCensoredTies - deltaUncertain - deltaDetectedTies;

  let z = 0;
  let pValue = 1;
  if (n >= 3 && varS > 0) {
    z = s > 0 ? (s - 1) / Math.sqrt(varS) : s < 0 ? (s + 1) / Math.sqrt(varS) : 0;
    pValue = z === 0 ? 1 : normalTwoSidedP(z);
  }
  const pairs = (n * (n - 1)) / 2;
  return { n, nCensored, s, varS, z, pValue, tau: pairs > 0 ? s / pairs : 0 };
}
