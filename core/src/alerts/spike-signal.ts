import { productQuantiles } from '../stats/factor-product-interval';
import { medianInPlace } from '../stats/median';
import { DEFAULT_ANALYTICAL_RSD, SAMPLING_RSD } from '../wastewater/load-uncertainty';
import type { SourcedComponents } from '../wastewater/uncertainty-components';
import { detectSpike, type SpikeOptions, type SpikeResult } from '../stats/spike';
import { scoreTrend } from '../stats/trend';
import { detailNumber, type AlertSeverity, type AlertSignal } from './alert-signal';
import { isQuantified, type SeriesPoint } from './series-point';

/** The spike test used for alerts: EARS-style z > 3 against the site's earlier rounds. */
export const SPIKE_OPTIONS: SpikeOptions = {
  method: 'ears',
  zThreshold: 3,
  minBaselineRounds: 3,
  maxBaselineRounds: 12,
  relativeSdFloor: 0.2,
};

/**
 * The components that differ from one round to the next at one site: analytical and sampling
 * (time-proportional composites, the small catchments' usual kind: 20 %). Flow calibration,
 * population and excretion are the same at one site from round to round and cancel.
 */
export const ROUND_TO_ROUND_RSDS = [DEFAULT_ANALYTICAL_RSD, SAMPLING_RSD.composite_time] as const;

/**
 * The round-to-round RSDs of one result from its resolved components (stored over shipped, for
 * its analyte, site and collection type): the same analytical and sampling numbers the series'
 * interval of that result is drawn with.
 */
export function roundToRoundRsds(components: SourcedComponents): readonly number[] {
  return [components.analytical.rsd, components.sampling.rsd];
}

/** z at or above which a spike is medium, and high (z 10 with the 20 % floor ≈ 3 × the baseline). */
export const SPIKE_SEVERITY_Z = { medium: 5, high: 10 } as const;

/**
 * Spikes in every round of a series that has a baseline, each its own condition
 * (`spike:<site>:<analyte>:<round>`), so a spike two rounds ago is still found when the rounds
 * are scored together.
 * Method (documented in docs/trends-and-alerts.md): EARS-style z = (x − mean)/sd of up to 12
 * earlier present rounds (at least 3), sd floored at 20 % of the mean and at the LOQ in the
 * basis unit (a difference smaller than the LOQ cannot be told from noise; below-LOQ rounds are
 * LOQ/2 substitutes). A round is not a spike when it is not quantified, when fewer than 3 of its
 * baseline rounds are quantified (a detection after non-detects is a first detection, not a
 * spike), or when the series up to it is already a significant rising trend (the rise is the
 * trend alert's, not a spike), or when its 95 % interval overlaps the baseline's (value × the
 * lower quantile of the round-to-round factors ≤ baseline mean × the upper one: about 2.4 × the
 * baseline with 10 % analytical and 20 % sampling RSD). Each round's factors are its result's
 * stored components (`SeriesPoint.roundToRoundRsds`, else the shipped defaults); the baseline's
 * upper quantile is the widest of its rounds'.
 * Severity by z: > 3 low, ≥ 5 medium, ≥ 10 high.
 */
export function spikeSignals(input: {
  siteId: number;
  analyteCode: string;
  basis: string;
  points: readonly SeriesPoint[];
  /**
   * Relative SDs of the round-to-round factors for every round, over the points' own; [] drops
   * the interval test (the bench's baseline).
   */
  roundToRoundRsds?: readonly number[];
}): AlertSignal[] {
  const signals: AlertSignal[] = [];
  const present = input.points.filter((p) => p.value !== null);
  const loqFloors = present.map((p) => p.loqInBasis).filter((v): v is number => v !== null && v > 0);
  const absoluteSdFloor = loqFloors.length
    ? medianInPlace(Float64Array.from(loqFloors), loqFloors.length)
    : undefined;
  for (let t = 3; t < present.length; t++) {
    const point = present[t]!;
    if (!isQuantified(point.qualifier)) continue;
    const baseline = present.slice(Math.max(0, t - (SPIKE_OPTIONS.maxBaselineRounds ?? 12)), t);
    if (baseline.filter((p) => !p.substituted).length < (SPIKE_OPTIONS.minBaselineRounds ?? 3)) continue;
    const values = present.slice(0, t + 1).map((p) => p.value);
    const spike: SpikeResult = detectSpike(values, { ...SPIKE_OPTIONS, absoluteSdFloor });
    if (!spike.isSpike || spike.statistic === null) continue;
    if (scoreTrend(values).category === 'rising') continue;
    const quantilesOf = (p: SeriesPoint) =>
      productQuantiles(input.roundToRoundRsds ?? p.roundToRoundRsds ?? ROUND_TO_ROUND_RSDS);
    const baselineUpper = Math.max(...baseline.map((p) => quantilesOf(p).upper));
    if (!(point.value! * quantilesOf(point).lower > (spike.baselineMean ?? 0) * baselineUpper)) continue;
    const severity: AlertSeverity =
      spike.statistic >= SPIKE_SEVERITY_Z.high
        ? 'high'
        : spike.statistic >= SPIKE_SEVERITY_Z.medium
          ? 'medium'
          : 'low';
    signals.push({
      kind: 'spike',
      conditionKey: `spike:${input.siteId}:${input.analyteCode}:${point.roundId}`,
      siteId: input.siteId,
      analyteCode: input.analyteCode,
      roundId: point.roundId,
      roundIndex: point.roundIndex,
      severity,
      detail: {
        basis: input.basis,
        method: spike.method,
        z: detailNumber(spike.statistic),
        threshold: spike.threshold,
        value: detailNumber(point.value),
        baselineMean: detailNumber(spike.baselineMean),
        baselineSd: detailNumber(spike.baselineSd),
        baselineRounds: spike.baselineN,
        ratioToBaseline: detailNumber(spike.baselineMean ? point.value! / spike.baselineMean : null),
      },
    });
  }
  return signals;
}
