import type { SeriesPoint } from '@skywater/core/alerts/series-point';
import { scoreTrend, TREND_MIN_ROUNDS, type TrendScore } from '@skywater/core/stats/trend';
import { valuesByRound } from './series-points';

export interface SeriesTrend extends TrendScore {
  /** Rounds with a quantified result (not a LOQ/2 substitute). */
  readonly quantifiedN: number;
}

/**
 * scoreTrend on the series by round (two-sided alpha 0.05; exact Mann-Kendall for n ≤ 10 without
 * ties), with one rule of ours on top: fewer than 4 quantified rounds is `insufficient_data`
 * whatever the substitutes do. LOQ/2 substitutes keep their place in the series, but on the
 * normalised-load basis they move with the flow and would otherwise make "trends" of their own
 * (e.g. five non-detects and one detection read as a significant rise).
 * @example scoreSeriesTrend(points).category // 'rising' for [60, 95, 150, 230, 340, 520] quantified
 */
export function scoreSeriesTrend(points: readonly SeriesPoint[]): SeriesTrend {
  const trend = scoreTrend(valuesByRound(points));
  const quantifiedN = points.filter((p) => p.value !== null && !p.substituted).length;
  const category = quantifiedN < TREND_MIN_ROUNDS ? 'insufficient_data' : trend.category;
  return { ...trend, category, quantifiedN };
}
