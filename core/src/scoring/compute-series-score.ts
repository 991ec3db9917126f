import type { AlertSignal } from '../alerts/alert-signal';
import { SPIKE_OPTIONS } from '../alerts/spike-signal';
import type { RobustSpread } from '../stats/robust-spread';
import { detectSpike } from '../stats/spike';
import type { TrendCategory } from '../stats/trend';
import {
  assembleSeries,
  BASIS_UNITS,
  valuesByRound,
  type MeasurementRow,
  type SeriesBasis,
} from './series-points';
import { seriesSignals } from './series-signals';
import { scoreSeriesTrend } from './series-trend';

/** The stored parameters of every score (series_scores.params). */
export const SERIES_SCORE_PARAMS = { alpha: 0.05, spike: SPIKE_OPTIONS, belowLoq: 'LOQ/2' } as const;

/** One row of series_scores, as computed (column names in camelCase; params and scored_at are shared). */
export interface SeriesScoreRow {
  siteId: number;
  analyteCode: string;
  basis: SeriesBasis;
  unit: string;
  n: number;
  quantifiedN: number;
  substitutedN: number;
  s: number;
  varS: number;
  z: number;
  pValue: number;
  tau: number;
  senSlope: number | null;
  percentChange: number | null;
  category: TrendCategory;
  method: string;
  hasTies: boolean;
  spikeMethod: string;
  spikeRoundId: number;
  spikeStatistic: number | null;
  spikeThreshold: number;
  spikeIsSpike: boolean;
  spikeBaselineN: number;
  latestRoundId: number;
  inputsVersion: string;
  /** False: the spike rule without its 95 % interval test (only the scoring bench asks, to print its cost). */
  intervals?: boolean;
}

export interface SeriesScoreInput {
  siteId: number;
  analyteCode: string;
  /** The series' measurements, oldest round first (at least one). */
  rows: readonly MeasurementRow[];
  /** The companion analyte's measurements at the same site (METH for AMP, BE for COC, ...). */
  companionRows: readonly MeasurementRow[];
  correctionFactor: number | null;
  /** A priority substance (analyte catalogue flag). */
  priority?: boolean;
  /** ln(AMP/METH) median and scaled MAD over the site's area up to each round (by round id), for AMP and METH. */
  ampMethAreaByRound?: ReadonlyMap<number, RobustSpread | null>;
  inputsVersion: string;
  /** False: the spike rule without its 95 % interval test (only the scoring bench asks, to print its cost). */
  intervals?: boolean;
}

/**
 * Trend (Mann-Kendall, Sen's slope, log-linear change), spike of the latest round (EARS-style z)
 * and the alert signals of one series: pure, no database. The same computation whether the
 * series is scored alone (`score-series`) or in a batch (`score-sites`).
 */
export function scoreSeriesRows(input: SeriesScoreInput): { row: SeriesScoreRow; signals: AlertSignal[] } {
  const series = assembleSeries(input.rows);
  const trend = scoreSeriesTrend(series.points);
  const spike = detectSpike(valuesByRound(series.points), SPIKE_OPTIONS);
  const latest = series.points[series.points.length - 1]!;
  const row: SeriesScoreRow = {
    siteId: input.siteId,
    analyteCode: input.analyteCode,
    basis: series.basis,
    unit: BASIS_UNITS[series.basis],
    n: trend.n,
    quantifiedN: trend.quantifiedN,
    substitutedN: series.substitutedCount,
    s: trend.s,
    varS: trend.varS,
    z: trend.z,
    pValue: trend.pValue,
    tau: trend.tau,
    senSlope: finiteOrNull(trend.senSlope),
    percentChange: finiteOrNull(trend.percentChange),
    category: trend.category,
    method: trend.method,
    hasTies: trend.hasTies,
    spikeMethod: spike.method,
    spikeRoundId: latest.roundId,
    spikeStatistic: finiteOrNull(spike.statistic),
    spikeThreshold: spike.threshold,
    spikeIsSpike: spike.isSpike,
    spikeBaselineN: spike.baselineN,
    latestRoundId: latest.roundId,
    inputsVersion: input.inputsVersion,
  };
  const signals = seriesSignals({
    siteId: input.siteId,
    analyteCode: input.analyteCode,
    series,
    trend,
    rows: input.rows,
    companionRows: input.companionRows,
    correctionFactor: input.correctionFactor,
    priority: input.priority ?? false,
    ampMethAreaByRound: input.ampMethAreaByRound ?? new Map(),
    intervals: input.intervals ?? true,
  });
  return { row, signals };
}

function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}
