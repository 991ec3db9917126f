import { DEFAULT_ANALYTICAL_RSD } from '../wastewater/load-uncertainty';

/**
 * How far a result must be from a limit before a rule may read it as crossing that limit.
 * A result within the analytical uncertainty of the LOQ cannot be told from one below it: the
 * rules ask for value ≥ LOQ × (1 + 2 × RSD), the one-sided ~97.5 % bound of a result whose true
 * value is the LOQ. The analytical RSD defaults to 10 %, the typical inter-day precision of
 * SPE-LC-MS/MS drug residue methods (Castiglioni et al., Environ. Sci. Technol. 2013, 47:1452;
 * SCORE inter-laboratory exercises).
 */
export { DEFAULT_ANALYTICAL_RSD } from '../wastewater/load-uncertainty';

/** Coverage factor of the margins (≈ 97.5 % one-sided). */
export const UNCERTAINTY_COVERAGE = 2;

/**
 * True when a quantified value is clearly above its LOQ (or its LOD when no LOQ is known); a
 * value without a limit counts as clear.
 * @example clearlyAboveLoq(1.1, 1) // false: 1.1 < 1 × (1 + 2 × 0.1)
 */
export function clearlyAboveLoq(
  valueNgL: number | null,
  loqNgL: number | null,
  analyticalRsd = DEFAULT_ANALYTICAL_RSD,
): boolean {
  if (valueNgL === null || !Number.isFinite(valueNgL)) return false;
  if (loqNgL === null || !(loqNgL > 0)) return valueNgL > 0;
  return valueNgL >= loqNgL * (1 + UNCERTAINTY_COVERAGE * analyticalRsd);
}

/** Log-scale standard deviation of a ratio of two results each with `analyticalRsd`. */
export function ratioLogSd(analyticalRsd = DEFAULT_ANALYTICAL_RSD): number {
  return Math.sqrt(2) * Math.log1p(analyticalRsd);
}
