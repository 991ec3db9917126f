import type { SurveyArea } from '../api/areas-api';

export interface CoverageTotals {
  areaKm2: number;
  coveredKm2: number;
  /** Covered share of the summed area, 0-100; 0 when there is no area at all. */
  coveragePct: number;
}

/**
 * Sums the survey areas: the overall coverage is the covered area over the total area
 * (an area-weighted mean), not the mean of the areas' percentages.
 * @example coverageTotals([{ areaKm2: 850, coveredKm2: 612 }, { areaKm2: 1130, coveredKm2: 1130 }])
 *   // { areaKm2: 1980, coveredKm2: 1742, coveragePct: 87.98 }
 */
export function coverageTotals(
  areas: ReadonlyArray<Pick<SurveyArea, 'areaKm2' | 'coveredKm2'>>,
): CoverageTotals {
  const areaKm2 = areas.reduce((sum, area) => sum + area.areaKm2, 0);
  const coveredKm2 = areas.reduce((sum, area) => sum + area.coveredKm2, 0);
  return { areaKm2, coveredKm2, coveragePct: areaKm2 > 0 ? (coveredKm2 / areaKm2) * 100 : 0 };
}

/** A coverage percentage clamped to 0-100 for drawing a bar (rounding can overshoot). */
export function barFraction(coveragePct: number): number {
  if (!Number.isFinite(coveragePct)) return 0;
  return Math.min(100, Math.max(0, coveragePct)) / 100;
}
