import type { Interval95 } from '../wastewater/load-uncertainty';

/** One figure entering a weighted mean: its weight, estimate and 95 % interval. */
export interface WeightedFigure {
  weight: number;
  estimate: number;
  interval95: Interval95 | null;
}

/**
 * The weighted mean of figures with independent errors, and its 95 % interval.
 *
 * Rule: each figure's interval half-widths (estimate − lower, upper − estimate; the intervals of
 * loads are skewed, so the two sides are kept apart) are read as 1.96 σ of an independent error,
 * and the variance of a weighted mean is Σ w² σ² / (Σ w)², so the mean's half-width on each side
 * is √(Σ w² h²) / Σ w. A figure without an interval counts as exact. The lower end is kept ≥ 0
 * (loads cannot be negative). Null when no figure has a positive weight.
 * @example weightedMeanInterval([{ weight: 1, estimate: 10, interval95: { lower95: 6, upper95: 16 } },
 *   { weight: 1, estimate: 20, interval95: { lower95: 16, upper95: 26 } }])
 *   // { estimate: 15, interval95: { lower95: 15 - √32/2, upper95: 15 + √72/2 } }
 */
export function weightedMeanInterval(
  figures: readonly WeightedFigure[],
): { estimate: number; interval95: Interval95 } | null {
  let weights = 0;
  let sum = 0;
  let lowerSq = 0;
  let upperSq = 0;
  for (const f of figures) {
    if (!(f.weight > 0) || !Number.isFinite(f.estimate)) continue;
    weights += f.weight;
    sum += f.weight * f.estimate;
    if (f.interval95) {
      lowerSq += (f.weight * (f.estimate - f.interval95.lower95)) ** 2;
      upperSq += (f.weight * (f.interval95.upper95 - f.estimate)) ** 2;
    }
  }
  if (weights === 0) return null;
  const estimate = sum / weights;
  return {
    estimate,
    interval95: {
      lower95: Math.max(0, estimate - Math.sqrt(lowerSq) / weights),
      upper95: estimate + Math.sqrt(upperSq) / weights,
    },
  };
}
