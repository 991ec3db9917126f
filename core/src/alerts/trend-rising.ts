import type { TrendScore } from '../stats/trend';
import { detailNumber, type AlertSeverity, type AlertSignal } from './alert-signal';

/** Severity cut-offs of a rising trend: strength of evidence (p) and size (% over the window). */
export const TREND_RISING_SEVERITY = {
  high: { maxPValue: 0.01, minPercentChange: 100 },
  medium: { maxPValue: 0.05, minPercentChange: 50 },
} as const;

/**
 * A significant rising trend (scoreTrend's `rising`: two-sided Mann-Kendall p < 0.05, S > 0).
 * Severity: high when p < 0.01 and the log-linear change over the window is ≥ +100 % (at least a
 * doubling); medium when ≥ +50 %; low otherwise (significant but small: round-to-round noise of
 * ±20 % can sum to that). One live alert per series: `trend_rising:<site>:<analyte>`.
 * @example trendRisingSignal({ siteId: 1, analyteCode: 'METH', roundId: 6, roundIndex: 5, basis: 'normalised_load',
 *   trend: scoreTrend([60, 95, 150, 230, 340, 520]) })?.severity // 'high'
 */
export function trendRisingSignal(input: {
  siteId: number;
  analyteCode: string;
  roundId: number;
  roundIndex: number;
  basis: string;
  trend: TrendScore;
}): AlertSignal | null {
  const { trend } = input;
  if (trend.category !== 'rising') return null;
  const change = trend.percentChange ?? 0;
  let severity: AlertSeverity = 'low';
  if (
    trend.pValue < TREND_RISING_SEVERITY.high.maxPValue &&
    change >= TREND_RISING_SEVERITY.high.minPercentChange
  )
    severity = 'high';
  else if (change >= TREND_RISING_SEVERITY.medium.minPercentChange) severity = 'medium';
  return {
    kind: 'trend_rising',
    conditionKey: `trend_rising:${input.siteId}:${input.analyteCode}`,
    siteId: input.siteId,
    analyteCode: input.analyteCode,
    roundId: input.roundId,
    roundIndex: input.roundIndex,
    severity,
    detail: {
      basis: input.basis,
      n: trend.n,
      s: trend.s,
      pValue: detailNumber(trend.pValue),
      method: trend.method,
      test: trend.test,
      censoredN: trend.censoredN,
      senSlopePerRound: detailNumber(trend.senSlope),
      percentChange: detailNumber(trend.percentChange),
    },
  };
}
