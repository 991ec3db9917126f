import type { Qualifier } from '../wastewater/lab-value';
import { detailNumber, type AlertSeverity, type AlertSignal } from './alert-signal';
import { clearlyAboveLoq, DEFAULT_ANALYTICAL_RSD, UNCERTAINTY_COVERAGE } from './measurement-uncertainty';

/** One sample's cocaine and benzoylecgonine results. */
export interface CocaineSample {
  readonly roundId: number;
  readonly roundIndex: number;
  readonly cocQualifier: Qualifier;
  readonly cocNgL: number | null;
  readonly cocLoqNgL: number | null;
  readonly beQualifier: Qualifier;
  readonly beNgL: number | null;
}

/**
 * Cocaine without its main metabolite benzoylecgonine: the drug reached the sewer unmetabolised,
 * i.e. was dumped (docs/design.md §3). Consumed cocaine gives COC/BE well below 1 (Castiglioni et al.
 * 2013; Bijlsma et al. 2014 use COC/BE > 1 as the sign of direct disposal).
 * - COC quantified at ≥ 3 × its LOQ and BE not detected (ND or < LOD): high;
 * - COC quantified and BE not detected, or BE only < LOQ: medium;
 * - both quantified and COC/BE ≥ 1 beyond the ratio's uncertainty (≥ 1 + 2 × √2 × RSD): low
 *   (a site signal: also sewer degradation of BE-poor samples).
 * COC must be clearly above its LOQ (≥ LOQ × (1 + 2 × RSD)): cocaine within the uncertainty of
 * its LOQ is not a finding. False-alarm rate: with consumption-only sewage BE is 3-10 × COC, so
 * BE not detected beside clearly quantified COC does not happen by chance (0 in the null demo).
 * Condition `cocaine_without_be:<site>`.
 */
export function cocaineWithoutBeSignal(
  siteId: number,
  sample: CocaineSample,
  analyticalRsd = DEFAULT_ANALYTICAL_RSD,
): AlertSignal | null {
  if (sample.cocQualifier !== '=' || sample.cocNgL === null) return null;
  if (!clearlyAboveLoq(sample.cocNgL, sample.cocLoqNgL, analyticalRsd)) return null;
  const beNotDetected = sample.beQualifier === 'ND' || sample.beQualifier === '<LOD';
  const beBelowLoq = sample.beQualifier === '<LOQ';
  let severity: AlertSeverity | null = null;
  let ratio: number | null = null;
  if (beNotDetected) {
    const clear = sample.cocLoqNgL !== null && sample.cocNgL >= 3 * sample.cocLoqNgL;
    severity = clear ? 'high' : 'medium';
  } else if (beBelowLoq) severity = 'medium';
  else if (sample.beNgL !== null && sample.beNgL > 0) {
    ratio = sample.cocNgL / sample.beNgL;
    if (ratio >= 1 + UNCERTAINTY_COVERAGE * Math.SQRT2 * analyticalRsd) severity = 'low';
  }
  if (severity === null) return null;
  return {
    kind: 'cocaine_without_be',
    conditionKey: `cocaine_without_be:${siteId}`,
    siteId,
    analyteCode: 'COC',
    roundId: sample.roundId,
    roundIndex: sample.roundIndex,
    severity,
    detail: {
      cocNgL: sample.cocNgL,
      beQualifier: sample.beQualifier,
      beNgL: sample.beNgL,
      cocToBeRatio: detailNumber(ratio),
    },
  };
}
