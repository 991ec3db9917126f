import type { AlertSeverity, AlertSignal } from './alert-signal';
import { detailNumber } from './alert-signal';
import { clearlyAboveLoq, DEFAULT_ANALYTICAL_RSD } from './measurement-uncertainty';
import { isQuantified, type SeriesPoint } from './series-point';

/**
 * Earlier rounds measured without a clear quantification needed before an ordinary analyte's
 * quantified round counts as "first" (a site's very first sample cannot show a "first" of a
 * common drug). Priority substances need none.
 */
export const FIRST_DETECTION_MIN_PRIOR_ROUNDS = 2;

/**
 * The first round in which an analyte is clearly quantified at a site: value ≥ LOQ × (1 + 2 ×
 * analytical RSD), so a result within the uncertainty of the LOQ (1.0-1.1 ng/L at LOQ 1) is not
 * a detection, nor does it count as an earlier one.
 * - A **priority substance** (analyte catalogue flag: etomidate and its acid, fentanyl and
 *   analogues, nitazenes, synthetic cathinones, what the admin adds) never clearly quantified
 *   at the site before: high, the site's first measurement of it included. Labs add a substance
 *   to their panel exactly when it becomes a concern; that first positive matters most.
 * - Any other analyte, after at least two measured rounds without a clear quantification: low
 *   (a signal on the site, not an inbox alert: a common residue crossing its LOQ at one site is
 *   usually noise near the limit).
 * One condition per site and analyte: `first_detection:<site>:<analyte>`.
 * False-alarm rate: a priority substance absent from a site raises this only if a lab reports
 * a false positive clearly above the LOQ; the null demo (no etomidate anywhere) gives 0.
 */
export function firstDetectionSignal(input: {
  siteId: number;
  analyteCode: string;
  points: readonly SeriesPoint[];
  priority: boolean;
  analyticalRsd?: number;
}): AlertSignal | null {
  const rsd = input.analyticalRsd ?? DEFAULT_ANALYTICAL_RSD;
  let prior = 0;
  for (const point of input.points) {
    const clear = isQuantified(point.qualifier) && clearlyAboveLoq(point.valueNgL, point.loqNgL, rsd);
    if (!clear) {
      prior++;
      continue;
    }
    if (!input.priority && prior < FIRST_DETECTION_MIN_PRIOR_ROUNDS) return null;
    const severity: AlertSeverity = input.priority ? 'high' : 'low';
    return {
      kind: 'first_detection',
      conditionKey: `first_detection:${input.siteId}:${input.analyteCode}`,
      siteId: input.siteId,
      analyteCode: input.analyteCode,
      roundId: point.roundId,
      roundIndex: point.roundIndex,
      severity,
      detail: {
        valueNgL: detailNumber(point.valueNgL),
        loqNgL: detailNumber(point.loqNgL),
        clearAboveNgL: detailNumber(point.loqNgL === null ? null : point.loqNgL * (1 + 2 * rsd)),
        earlierRoundsNotDetected: prior,
        priority: input.priority,
      },
    };
  }
  return null;
}
