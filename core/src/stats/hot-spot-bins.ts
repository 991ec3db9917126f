import { benjaminiHochbergThreshold } from './false-discovery-rate';

/** Gi_Bin levels as in ArcGIS Hot Spot Analysis: 90/95/99 % ↔ |z| ≥ 1.65/1.96/2.58. */
export const HOT_SPOT_LEVELS = [
  { level: 1, confidence: 0.9, alpha: 0.1, zCritical: 1.65 },
  { level: 2, confidence: 0.95, alpha: 0.05, zCritical: 1.96 },
  { level: 3, confidence: 0.99, alpha: 0.01, zCritical: 2.58 },
] as const;

export interface HotSpotBins {
  /** −3..3: sign of z times the highest confidence level reached; 0 = not significant. */
  readonly bins: Int8Array;
  /** The p cut-off used at 90, 95 and 99 % (the BH thresholds with FDR, else alpha). */
  readonly pThresholds: readonly [number, number, number];
}

/**
 * Bins z-scores −3..3 (cold 99 % .. hot 99 %), optionally with false-discovery-rate
 * correction as ArcGIS' "Apply False Discovery Rate (FDR) Correction": at each confidence
 * level the p cut-off becomes the Benjamini-Hochberg threshold of all sites' p-values at
 * q = alpha, and a site keeps a level only if |z| ≥ the level's critical z and
 * p ≤ that cut-off. Without FDR the cut-off is alpha itself.
 * @example hotSpotBins([3, -2, 0.5], [0.0027, 0.0455, 0.617], { fdr: false }).bins // [3, -2, 0]
 */
export function hotSpotBins(
  zScores: ArrayLike<number>,
  pValues: ArrayLike<number>,
  options: { fdr?: boolean } = {},
): HotSpotBins {
  const fdr = options.fdr ?? true;
  const pThresholds = HOT_SPOT_LEVELS.map((l) =>
    fdr ? benjaminiHochbergThreshold(pValues, l.alpha) : l.alpha,
  ) as unknown as [number, number, number];
  const n = zScores.length;
  const bins = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const z = zScores[i]!;
    const p = pValues[i]!;
    let level = 0;
    for (let l = 0; l < 3; l++) {
      if (Math.abs(z) >= HOT_SPOT_LEVELS[l]!.zCritical && p <= pThresholds[l]!) level = l + 1;
    }
    bins[i] = z > 0 ? level : -level;
  }
  return { bins, pThresholds };
}
