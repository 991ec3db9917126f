import type { RobustSpread } from '../stats/robust-spread';
import { detailNumber, type AlertSeverity, type AlertSignal } from './alert-signal';
import { clearlyAboveLoq, ratioLogSd } from './measurement-uncertainty';

/**
 * The AMP/METH range reported where amphetamine comes from methamphetamine use (docs/design.md §3).
 * Used only as the reference distribution when an area has too few samples of its own: read as
 * a 95 % range of a log-normal ratio (median √(0.05 × 0.25) ≈ 0.112, log-sd ln(5)/3.92 ≈ 0.41).
 */
export const AMP_METH_USUAL_RANGE = { min: 0.05, max: 0.25 } as const;

/** Fewest samples of an area with both residues quantified to use the area's own distribution. */
export const AMP_METH_MIN_AREA_SAMPLES = 20;

/** Robust z (one side) at which the ratio is an inbox alert; below it, and beyond 2, a site signal. */
export const AMP_METH_ALERT_Z = 3.5;
export const AMP_METH_SIGNAL_Z = 2.5;

/** A ratio at least this many times the site's own usual ratio is new at the site. */
export const AMP_METH_OWN_HISTORY_FACTOR = 2;

const LITERATURE_SPREAD: RobustSpread = {
  median: Math.log(Math.sqrt(AMP_METH_USUAL_RANGE.min * AMP_METH_USUAL_RANGE.max)),
  scale: Math.log(AMP_METH_USUAL_RANGE.max / AMP_METH_USUAL_RANGE.min) / 3.92,
  n: 0,
};

/** One sample's AMP and METH, quantified values only (ng/L). */
export interface AmpMethSample {
  readonly roundId: number;
  readonly roundIndex: number;
  readonly ampNgL: number;
  readonly methNgL: number;
  readonly ampLoqNgL: number | null;
  readonly methLoqNgL: number | null;
}

export interface AmpMethContext {
  /** Median and scaled MAD of ln(AMP/METH) over the samples of the site's area, or null. */
  readonly area: RobustSpread | null;
  /** The site's ratios in its other rounds (both quantified). */
  readonly siteOtherRatios: readonly number[];
  readonly analyticalRsd?: number;
}

/**
 * AMP/METH judged against the area's own distribution (robust z of ln ratio: median and
 * 1.4826 × MAD over every sample of the area with both residues clearly quantified), the spread
 * widened by the ratio's own analytical uncertainty (√2 × RSD on the log scale), and against the
 * site's own history. A fixed 0.05-0.25 range flags a third of ordinary sites (site-to-site and
 * round-to-round variation of the two residues gives ratios of 0.04-0.6); only the area's tails
 * are unusual.
 * - |z| ≥ 3.5 (one-sided normal tail 2.3 × 10⁻⁴ per sample) and, above, ≥ 2 × the site's own
 *   median of its other rounds (new at the site) → high: production, dumping of amphetamine;
 *   the same without the site history (fewer than 3 other rounds, or the site is always like
 *   that) → medium.
 * - Below the area (methamphetamine with little of its metabolite: disposal of the drug, or a
 *   matrix effect on AMP, or simply a METH-heavy site such as a cluster) and 2.5 ≤ z < 3.5 → low
 *   (the site's signals list, not the inbox).
 * Both residues must be clearly above their LOQs (value ≥ LOQ × (1 + 2 × RSD)): a ratio on a
 * value within the LOQ's uncertainty is noise. Condition `amp_meth_ratio:<site>`.
 * @example ampMethRatioSignal(1, { roundId: 4, roundIndex: 3, ampNgL: 90, methNgL: 100, ampLoqNgL: 1, methLoqNgL: 1 },
 *   { area: null, siteOtherRatios: [0.1, 0.12, 0.11] })?.severity // 'high'
 */
export function ampMethRatioSignal(
  siteId: number,
  sample: AmpMethSample,
  context: AmpMethContext,
): AlertSignal | null {
  if (!(sample.methNgL > 0) || !(sample.ampNgL > 0)) return null;
  const rsd = context.analyticalRsd;
  if (!clearlyAboveLoq(sample.ampNgL, sample.ampLoqNgL, rsd)) return null;
  if (!clearlyAboveLoq(sample.methNgL, sample.methLoqNgL, rsd)) return null;
  const ratio = sample.ampNgL / sample.methNgL;
  const reference =
    context.area && context.area.n >= AMP_METH_MIN_AREA_SAMPLES && context.area.scale > 0
      ? context.area
      : LITERATURE_SPREAD;
  const spread = Math.hypot(reference.scale, ratioLogSd(rsd));
  const z = (Math.log(ratio) - reference.median) / spread;
  if (Math.abs(z) < AMP_METH_SIGNAL_Z) return null;
  const others = [...context.siteOtherRatios].filter((r) => r > 0).sort((a, b) => a - b);
  const ownMedian =
    others.length >= 3
      ? others.length % 2
        ? others[others.length >> 1]!
        : Math.sqrt(others[others.length / 2 - 1]! * others[others.length / 2]!)
      : null;
  const newAtSite = ownMedian !== null && ratio >= AMP_METH_OWN_HISTORY_FACTOR * ownMedian;
  let severity: AlertSeverity = 'low';
  if (z >= AMP_METH_ALERT_Z) severity = newAtSite ? 'high' : 'medium';
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
      robustZ: detailNumber(z),
      reference: reference === LITERATURE_SPREAD ? 'literature' : 'area',
      areaMedianRatio: detailNumber(Math.exp(reference.median)),
      areaSamples: reference.n,
      siteUsualRatio: detailNumber(ownMedian),
      direction: z > 0 ? 'above' : 'below',
    },
  };
}
