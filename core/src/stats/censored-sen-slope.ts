import { ValidationError } from '../errors/app-error';
import { censoredMannKendall, type CensoredSeries } from './censored-mann-kendall';
import { medianInPlace } from './median';

export interface CensoredSenSlopeResult {
  /** Median pairwise slope per unit of time; null with fewer than two values. */
  readonly slope: number | null;
  /** Pairs whose slope was set to 0 because censoring leaves its sign unknown. */
  readonly zeroedPairs: number;
  readonly pairs: number;
  /**
   * Two-sided 90 % interval of the slope (LWPTrends' `Sen_Lci`/`Sen_Uci`, for 95 % confidence
   * in direction): pair slopes ranked, ranks (N ∓ z₀.₉₅·√Var(S))/2 interpolated linearly,
   * Var(S) the tie-corrected variance of the values at face value (limits as given).
   * Null with fewer than three values.
   */
  readonly lower90: number | null;
  readonly upper90: number | null;
}

/** Standard normal 0.95 quantile. */
const Z_95 = 1.6448536269514722;

/** Linear interpolation in sorted[] at a 1-based fractional rank, clamped to the ends. */
function atRank(sorted: Float64Array, rank: number): number {
  const count = sorted.length;
  if (rank <= 1) return sorted[0]!;
  if (rank >= count) return sorted[count - 1]!;
  const lo = Math.floor(rank);
  const frac = rank - lo;
  return sorted[lo - 1]! + frac * (sorted[lo]! - sorted[lo - 1]!);
}

/**
 * Sen's slope of a left-censored series with LWPTrends' rules (Snelder & Fraser,
 * LWPTrends_v2502.r, `GetInterObservationSlopes`; after Helsel 2012 §12): a censored value
 * stands at half its limit, and a pair slope is 0 when censoring leaves its sign unknown —
 * both values censored, a later "<L" after an earlier detected value below L, or a later
 * detected value below an earlier "<L". The median of all pair slopes is the estimate.
 * Substituting half the limit only sizes the slope; the test of trend
 * (`censoredMannKendall`) never uses a substituted value.
 * @example censoredSenSlope({ values: [1, 2, 3], censored: [true, false, false] }, [0, 1, 2]) // slope 1
 */
export function censoredSenSlope(series: CensoredSeries, times: ArrayLike<number>): CensoredSenSlopeResult {
  const { values, censored } = series;
  const n = values.length;
  if (censored.length !== n || times.length !== n) {
    throw new ValidationError('values, censored flags and times must have the same length', {
      values: n,
      censored: censored.length,
      times: times.length,
    });
  }
  const pairs = (n * (n - 1)) / 2;
  if (n < 2) return { slope: null, zeroedPairs: 0, pairs: 0, lower90: null, upper90: null };
  const slopes = new Float64Array(pairs);
  let count = 0;
  let zeroedPairs = 0;
  for (let j = 1; j < n; j++) {
    for (let i = 0; i < j; i++) {
      const dt = times[j]! - times[i]!;
      if (!(dt > 0)) throw new ValidationError('times must be strictly increasing', { index: j });
      const ci = Boolean(censored[i]);
      const cj = Boolean(censored[j]);
      const rawSlope = (values[j]! - values[i]!) / dt;
      const unknown = (ci && cj) || (cj && !ci && rawSlope > 0) || (ci && !cj && rawSlope < 0);
      if (unknown) {
        slopes[count++] = 0;
        zeroedPairs++;
        continue;
      }
      const vi = ci ? values[i]! / 2 : values[i]!;
      const vj = cj ? values[j]! / 2 : values[j]!;
      slopes[count++] = (vj - vi) / dt;
    }
  }
  const slope = medianInPlace(slopes, count);
  let lower90: number | null = null;
  let upper90: number | null = null;
  if (n >= 3) {
    const uncensored = new Array<boolean>(n).fill(false);
    const half = Z_95 * Math.sqrt(censoredMannKendall({ values, censored: uncensored }).varS);
    lower90 = atRank(slopes, (count - half) / 2);
    upper90 = atRank(slopes, (count + half) / 2);
  }
  return { slope, zeroedPairs, pairs, lower90, upper90 };
}
