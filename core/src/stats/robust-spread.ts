import { medianInPlace } from './median';

/** The normal-consistency constant of the MAD: 1.4826 × MAD estimates σ for normal data. */
export const MAD_TO_SD = 1.4826;

export interface RobustSpread {
  median: number;
  /** 1.4826 × median absolute deviation. */
  scale: number;
  n: number;
}

/**
 * Median and scaled MAD of a sample (Hampel's robust location and scale): an outlier or a
 * planted pattern barely moves them, unlike the mean and sd.
 * @example robustSpread([1, 2, 3, 4, 100]) // { median: 3, scale: 1.4826, n: 5 }
 */
export function robustSpread(values: readonly number[]): RobustSpread | null {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  const median = medianInPlace(Float64Array.from(finite), finite.length);
  const deviations = Float64Array.from(finite, (v) => Math.abs(v - median));
  return { median, scale: MAD_TO_SD * medianInPlace(deviations, deviations.length), n: finite.length };
}
