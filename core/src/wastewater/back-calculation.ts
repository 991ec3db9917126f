import type { Analyte } from './analytes';
import type { Qualifier } from './lab-value';

/**
 * Mass load of a residue through a site.
 * load (mg/day) = C (ng/L) × Q (m³/day) × 10⁻³  (1 m³ = 10³ L, 1 mg = 10⁶ ng; docs/design.md §3,
 * Zuccato et al. 2008).
 * @example massLoadMgPerDay(200, 100_000) // 20000
 */
export function massLoadMgPerDay(concentrationNgL: number, flowM3PerDay: number): number {
  return concentrationNgL * flowM3PerDay * 1e-3;
}

/**
 * Population-normalised load: load ÷ (P / 1000), in mg/day/1000 inhabitants (docs/design.md §3).
 * @example normalisedLoadMgPerDayPer1000(20000, 500_000) // 40
 */
export function normalisedLoadMgPerDayPer1000(loadMgPerDay: number, population: number): number {
  return loadMgPerDay / (population / 1000);
}

/**
 * Estimated consumption = normalised load × CF, CF = (M_drug / M_residue) ÷ excreted fraction
 * (docs/design.md §3; SCORE / EUDA practice).
 * @example consumptionMgPerDayPer1000(40, 2.33) // 93.2
 */
export function consumptionMgPerDayPer1000(
  normalisedMgPerDayPer1000: number,
  correctionFactor: number,
): number {
  return normalisedMgPerDayPer1000 * correctionFactor;
}

export interface BackCalculationInput {
  qualifier: Qualifier;
  /** Present only for `=`. */
  valueNgL: number | null;
  lodNgL: number | null;
  loqNgL: number | null;
  uloqNgL?: number | null;
  flowM3PerDay: number | null;
  population: number | null;
}

export interface BackCalculation {
  /** The concentration the loads were computed from: the value, or a substitute (see `substituted`). */
  concentrationUsedNgL: number | null;
  /** True when the concentration is not a measured value: LOQ/2 for a non-detect, ULOQ when above range. */
  substituted: boolean;
  loadMgPerDay: number | null;
  normalisedLoadMgPerDayPer1000: number | null;
  consumptionMgPerDayPer1000: number | null;
  /** The factor applied, null when the analyte has none. */
  correctionFactor: number | null;
  /** True when the factor is provisional (etomidate, THC-COOH…): show the estimate as such. */
  provisional: boolean;
}

/**
 * The concentration used for trend maths: the value itself for `=`; for `<LOQ`, `<LOD` and `ND`,
 * half the LOQ (half the LOD when no LOQ is known), flagged as substituted (docs/design.md §3:
 * "below-LOQ values are taken as LOQ/2 and marked as such"); for `>ULOQ`, the upper limit, as a
 * lower bound, also flagged. Null when there is nothing to substitute from.
 */
export function concentrationForTrend(
  input: Pick<BackCalculationInput, 'qualifier' | 'valueNgL' | 'lodNgL' | 'loqNgL' | 'uloqNgL'>,
): {
  concentrationNgL: number | null;
  substituted: boolean;
} {
  switch (input.qualifier) {
    case '=':
      return { concentrationNgL: input.valueNgL, substituted: false };
    case '>ULOQ':
      return { concentrationNgL: input.uloqNgL ?? null, substituted: true };
    default: {
      const limit = input.loqNgL ?? input.lodNgL;
      return { concentrationNgL: limit === null ? null : limit / 2, substituted: true };
    }
  }
}

/**
 * The whole back-calculation chain for one measurement: load, normalised load and consumption,
 * with the factor used and whether it is provisional. Steps whose inputs are missing (no flow,
 * no population, no factor) are null rather than guessed.
 * @example
 * backCalculate({ qualifier: '=', valueNgL: 200, lodNgL: null, loqNgL: null,
 *   flowM3PerDay: 100_000, population: 500_000 }, methAnalyte)
 * // { loadMgPerDay: 20000, normalisedLoadMgPerDayPer1000: 40, consumptionMgPerDayPer1000: 93.2, … }
 */
export function backCalculate(
  input: BackCalculationInput,
  analyte: Pick<Analyte, 'correctionFactor' | 'provisional'>,
): BackCalculation {
  const { concentrationNgL, substituted } = concentrationForTrend(input);
  const loadMgPerDay =
    concentrationNgL === null || input.flowM3PerDay === null
      ? null
      : massLoadMgPerDay(concentrationNgL, input.flowM3PerDay);
  const normalised =
    loadMgPerDay === null || input.population === null || input.population <= 0
      ? null
      : normalisedLoadMgPerDayPer1000(loadMgPerDay, input.population);
  const consumption =
    normalised === null || analyte.correctionFactor === null
      ? null
      : consumptionMgPerDayPer1000(normalised, analyte.correctionFactor);
  return {
    concentrationUsedNgL: concentrationNgL,
    substituted,
    loadMgPerDay,
    normalisedLoadMgPerDayPer1000: normalised,
    consumptionMgPerDayPer1000: consumption,
    correctionFactor: analyte.correctionFactor,
    provisional: analyte.provisional,
  };
}
