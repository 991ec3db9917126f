import { detailNumber, type AlertSeverity, type AlertSignal } from './alert-signal';

/** The usual AMP/METH range in wastewater where amphetamine comes from methamphetamine use (DESIGN.md §3). */
export const AMP_METH_USUAL_RANGE = { min: 0.05, max: 0.25 } as const;

/** One sample's AMP and METH, quantified values only (ng/L). */
export interface AmpMethSample {
  readonly roundId: number;
  readonly roundIndex: number;
  readonly ampNgL: number;
  readonly methNgL: number;
  readonly methLoqNgL: number | null;
}

/**
 * AMP/METH outside 0.05-0.25 in one sample. Above the range, amphetamine comes from another
 * source (its own use, production or dumping): ≥ 0.75 (three times the upper bound, "far
 * outside") high, ≥ 0.5 (twice) medium, else low. Round-to-round and site-to-site variation of
 * the two residues alone gives ratios up to about 0.6 at ordinary sites. Below the range (methamphetamine with little of its metabolite: possible
 * disposal of the drug, or a matrix effect on AMP) low. When METH is under 5 × its LOQ the ratio
 * rests on a noisy denominator: at most low. Condition `amp_meth_ratio:<site>` (one live alert
 * per site, refreshed with the latest round that shows it).
 * @example ampMethRatioSignal(1, { roundId: 4, roundIndex: 3, ampNgL: 90, methNgL: 100, methLoqNgL: 1 })?.severity // 'high'
 */
export function ampMethRatioSignal(siteId: number, sample: AmpMethSample): AlertSignal | null {
  if (!(sample.methNgL > 0) || !(sample.ampNgL >= 0)) return null;
  const ratio = sample.ampNgL / sample.methNgL;
  if (ratio >= AMP_METH_USUAL_RANGE.min && ratio <= AMP_METH_USUAL_RANGE.max) return null;
  let severity: AlertSeverity = 'low';
  if (ratio >= 3 * AMP_METH_USUAL_RANGE.max) severity = 'high';
  else if (ratio >= 2 * AMP_METH_USUAL_RANGE.max) severity = 'medium';
  const methNearLoq = sample.methLoqNgL !== null && sample.methNgL < 5 * sample.methLoqNgL;
  if (methNearLoq) severity = 'low';
  return {
    kind: 'amp_meth_ratio',
    conditionKey: `amp_meth_ratio:${siteId}`,
    siteId,
    analyteCode: 'AMP',
    roundId: sample.roundId,
    roundIndex: sample.roundIndex,
    severity,
    detail: {
      ratio: detailNumber(ratio),
      ampNgL: sample.ampNgL,
      methNgL: sample.methNgL,
      usualRange: [AMP_METH_USUAL_RANGE.min, AMP_METH_USUAL_RANGE.max],
      direction: ratio > AMP_METH_USUAL_RANGE.max ? 'above' : 'below',
    },
  };
}
