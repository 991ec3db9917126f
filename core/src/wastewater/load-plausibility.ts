/**
 * When a load is impossible for the population served (an alert of its own, docs/design.md §3):
 * a wrong flow or population, a unit slip (µg/L typed as ng/L gives ×1000), or dumping.
 *
 * Thresholds, each ten times the highest published figure, so only impossibilities trip them:
 * - METH: estimated consumption above 3,760 mg/day/1000 = 10 × 376, the highest Chinese city
 *   in docs/design.md §3 (Chinese cities 23-376 mg/day/1000).
 * - any other drug residue: normalised load above 20,000 mg/day/1000 (20 mg of residue per
 *   person per day), ten times the highest city loads SCORE/EUDA have reported for any residue
 *   (benzoylecgonine, around 2,000 mg/day/1000 in the highest European cities).
 * - population markers (cotinine, hydroxycotinine) are excreted in far larger amounts and are
 *   not judged here.
 */
export const METH_CONSUMPTION_CEILING_MG_PER_DAY_PER_1000 = 10 * 376;
export const GENERIC_NORMALISED_LOAD_CEILING_MG_PER_DAY_PER_1000 = 20_000;

const POPULATION_MARKERS = new Set(['COT', 'HCOT']);

export interface LoadPlausibility {
  implausible: boolean;
  /** Which figure was compared, and the ceiling it was compared with. */
  basis: 'consumption' | 'normalised_load' | 'not_judged';
  ceilingMgPerDayPer1000: number | null;
}

/**
 * @example isLoadImplausible({ analyteCode: 'METH', normalisedLoadMgPerDayPer1000: 40, consumptionMgPerDayPer1000: 93.2 }).implausible // false
 */
export function isLoadImplausible(input: {
  analyteCode: string;
  normalisedLoadMgPerDayPer1000: number | null;
  consumptionMgPerDayPer1000: number | null;
}): LoadPlausibility {
  if (POPULATION_MARKERS.has(input.analyteCode) || input.normalisedLoadMgPerDayPer1000 === null) {
    return { implausible: false, basis: 'not_judged', ceilingMgPerDayPer1000: null };
  }
  if (input.analyteCode === 'METH' && input.consumptionMgPerDayPer1000 !== null) {
    const ceiling = METH_CONSUMPTION_CEILING_MG_PER_DAY_PER_1000;
    return {
      implausible: input.consumptionMgPerDayPer1000 > ceiling,
      basis: 'consumption',
      ceilingMgPerDayPer1000: ceiling,
    };
  }
  const ceiling = GENERIC_NORMALISED_LOAD_CEILING_MG_PER_DAY_PER_1000;
  return {
    implausible: input.normalisedLoadMgPerDayPer1000 > ceiling,
    basis: 'normalised_load',
    ceilingMgPerDayPer1000: ceiling,
  };
}
