import { isQuantified, type SeriesPoint } from '../alerts/series-point';
import { scoreTrend, TREND_MIN_ROUNDS, type TrendScore } from '../stats/trend';
import { valuesByRound } from './series-points';

/** Below its limit: every result of the round was `<LOQ`/`<LOD`/`ND` (a `>ULOQ` is a lower bound). */
function isCensoredRound(p: SeriesPoint): boolean {
  return p.value !== null && p.substituted && !isQuantified(p.qualifier);
}

/** One flag per round of valuesByRound (gaps false). */
function censoredByRound(points: readonly SeriesPoint[]): boolean[] {
  if (points.length === 0) return [];
  const first = points[0]!.roundIndex;
  const flags: boolean[] = new Array(points[points.length - 1]!.roundIndex - first + 1).fill(false);
  for (const p of points) flags[p.roundIndex - first] = isCensoredRound(p);
  return flags;
}

/** valuesByRound with a censored round's LOQ/2 substitute put back to the limit it stands for. */
function limitsOrValuesByRound(points: readonly SeriesPoint[]): (number | null)[] {
  return valuesByRound(points.map((p) => (isCensoredRound(p) ? { ...p, value: p.value! * 2 } : p)));
}

export interface SeriesTrend extends TrendScore {
  /** Rounds with a quantified result (not a LOQ/2 substitute). */
  readonly quantifiedN: number;
}

/**
 * scoreTrend on the series by round (two-sided alpha 0.05; exact Mann-Kendall for n ≤ 10 without
 * ties), with one rule of ours on top: fewer than 4 quantified rounds is `insufficient_data`
 * whatever the substitutes do. LOQ/2 substitutes keep their place in the series, but on the
 * normalised-load basis they move with the flow and would otherwise make "trends" of their own
 * (e.g. five non-detects and one detection read as a significant rise). A round all below its
 * limit enters the test as censored ("<limit", the censored Mann-Kendall; `test` says so).
 * @example scoreSeriesTrend(points).category // 'rising' for [60, 95, 150, 230, 340, 520] quantified
 */
export function scoreSeriesTrend(points: readonly SeriesPoint[]): SeriesTrend {
  const trend = scoreTrend(limitsOrValuesByRound(points), { censored: censoredByRound(points) });
  const quantifiedN = points.filter((p) => p.value !== null && !p.substituted).length;
  const category = quantifiedN < TREND_MIN_ROUNDS ? 'insufficient_data' : trend.category;
  return { ...trend, category, quantifiedN };
}
