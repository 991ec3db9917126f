import { medianInPlace } from './median';
import { presentValues, type RoundValues } from './round-series';

export interface SenSlopeResult {
  /** Median of the pairwise slopes, in value units per round (or per unit of `times`); null if n < 2. */
  readonly slope: number | null;
  /** Conover's intercept: median(x) − median(t)·slope, as pyMannKendall; null if n < 2. */
  readonly intercept: number | null;
  /** Number of pairs the median was taken over. */
  readonly pairs: number;
}

let scratch = new Float64Array(64);

/**
 * Sen's slope (Sen 1968, JASA 63:1379-1389): median over i<j of (x_j − x_i)/(t_j − t_i).
 * Missing rounds are skipped but the others keep their original index, so a gap counts as
 * elapsed time (pyMannKendall's `sens_slope`). Intercept as pyMannKendall: nanmedian(x) −
 * median(t of present values)·slope. Pairs with equal times are skipped.
 * @example senSlope([100, 120, 115, 160, 190, 240]).slope // 28
 */
export function senSlope(values: RoundValues, times?: ArrayLike<number>): SenSlopeResult {
  const present = presentValues(values, times);
  return senSlopeOfPresent(present.values, present.times);
}

/** Sen's slope on values already stripped of missing entries, with their times. */
export function senSlopeOfPresent(x: ArrayLike<number>, t: ArrayLike<number>): SenSlopeResult {
  const n = x.length;
  if (n < 2) return { slope: null, intercept: null, pairs: 0 };
  const maxPairs = (n * (n - 1)) / 2;
  if (scratch.length < Math.max(maxPairs, n)) scratch = new Float64Array(Math.max(maxPairs, n));
  let pairs = 0;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const dt = t[j]! - t[i]!;
      if (dt === 0) continue;
      scratch[pairs++] = (x[j]! - x[i]!) / dt;
    }
  }
  if (pairs === 0) return { slope: null, intercept: null, pairs: 0 };
  const slope = medianInPlace(scratch, pairs);
  for (let i = 0; i < n; i++) scratch[i] = x[i]!;
  const medianValue = medianInPlace(scratch, n);
  for (let i = 0; i < n; i++) scratch[i] = t[i]!;
  const medianTime = medianInPlace(scratch, n);
  return { slope, intercept: medianValue - medianTime * slope, pairs };
}
