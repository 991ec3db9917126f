import type { AlertSeverity, AlertSignal } from './alert-signal';
import { detailNumber } from './alert-signal';
import { isQuantified, type SeriesPoint } from './series-point';

/** Etomidate (the drug and its acid metabolite): a national priority (DESIGN.md §1), always high. */
export const HIGH_PRIORITY_FIRST_DETECTION = new Set(['ETO', 'ETO-ACID']);
/** Other new psychoactive substances and synthetic opioids in the catalogue: medium. */
export const NEW_SUBSTANCE_FIRST_DETECTION = new Set(['MEPH', 'MCAT', 'FENT', 'NORFENT']);
/** Earlier rounds measured and not quantified needed before a quantified round counts as "first". */
export const FIRST_DETECTION_MIN_PRIOR_ROUNDS = 2;

/**
 * The first round in which an analyte is quantified at a site, after at least two earlier rounds
 * that measured it without quantifying it (a site's very first sample cannot show a "first").
 * Severity: etomidate high; other new psychoactive substances medium; established drugs low
 * (a common residue crossing its LOQ at one site is usually noise near the limit).
 * One condition per site and analyte: `first_detection:<site>:<analyte>`.
 */
export function firstDetectionSignal(input: {
  siteId: number;
  analyteCode: string;
  points: readonly SeriesPoint[];
}): AlertSignal | null {
  let prior = 0;
  for (const point of input.points) {
    if (!isQuantified(point.qualifier)) {
      prior++;
      continue;
    }
    if (prior < FIRST_DETECTION_MIN_PRIOR_ROUNDS) return null;
    const severity: AlertSeverity = HIGH_PRIORITY_FIRST_DETECTION.has(input.analyteCode)
      ? 'high'
      : NEW_SUBSTANCE_FIRST_DETECTION.has(input.analyteCode)
        ? 'medium'
        : 'low';
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
        earlierRoundsNotDetected: prior,
      },
    };
  }
  return null;
}
