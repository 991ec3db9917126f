import { logLinearChangeOfPresent, type NonPositivePolicy } from './log-linear-change';
import { mannKendallOfPresent } from './mann-kendall';
import { presentValues, type RoundValues } from './round-series';
import { senSlopeOfPresent } from './sen-slope';

/** Fewer present rounds than this and a series is `insufficient_data` (docs/design.md §4). */
export const TREND_MIN_ROUNDS = 4;

export type TrendCategory = 'rising' | 'falling' | 'stable' | 'insufficient_data';

export interface TrendOptions {
  /** Two-sided significance level of the Mann-Kendall test (default 0.05). */
  readonly alpha?: number;
  /** Time of each value (default: its round index); slopes are per unit of it. */
  readonly times?: ArrayLike<number>;
  /** Non-positive values in the percent-change fit (default `refuse`: percentChange null). */
  readonly nonPositive?: NonPositivePolicy;
}

export interface TrendScore {
  /** Present (non-missing) rounds. */
  readonly n: number;
  readonly s: number;
  readonly varS: number;
  readonly z: number;
  /** Two-sided Mann-Kendall p (exact for n ≤ 10 without ties). */
  readonly pValue: number;
  readonly tau: number;
  /** Sen's slope per round (value units); null when n < 2. */
  readonly senSlope: number | null;
  /** Percent change over the window from the log-linear fit; null if not estimable. */
  readonly percentChange: number | null;
  readonly category: TrendCategory;
  readonly method: 'exact' | 'normal';
  readonly hasTies: boolean;
}

/**
 * Scores one site × analyte series (oldest round first; null = no result that round).
 *
 * Decision rule (two-sided, level `alpha`, default 0.05):
 * - n < 4 present rounds → `insufficient_data` (a state of its own, not "stable");
 * - Mann-Kendall two-sided p < alpha and S > 0 → `rising`; S < 0 → `falling`;
 * - otherwise `stable` (no evidence of a monotonic trend, which is not proof of none).
 * For n ≤ 10 without ties p is exact; the smallest attainable two-sided p is 2/n!, so with
 * alpha 0.05 a series of 4 rounds (min p 0.083) can never be called rising or falling:
 * it needs 5 rounds (min p 0.0167). Ties or n > 10 use the normal approximation with tie and
 * continuity corrections (`method` says which).
 * Sen's slope and the log-linear percent change describe size and are reported whatever the
 * category; they do not enter the decision.
 * @example scoreTrend([100, 120, 115, 160, 190, 240]) // s 13, p 0.0167, senSlope 28, 'rising'
 */
export function scoreTrend(values: RoundValues, options: TrendOptions = {}): TrendScore {
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError('alpha must be in (0, 1)');
  const present = presentValues(values, options.times);
  const mk = mannKendallOfPresent(present.values);
  const sen = senSlopeOfPresent(present.values, present.times);
  const change = logLinearChangeOfPresent(present.values, present.times, options.nonPositive ?? 'refuse');

  let category: TrendCategory;
  if (present.n < TREND_MIN_ROUNDS) category = 'insufficient_data';
  else if (mk.pValue < alpha && mk.s > 0) category = 'rising';
  else if (mk.pValue < alpha && mk.s < 0) category = 'falling';
  else category = 'stable';

  return {
    n: present.n,
    s: mk.s,
    varS: mk.varS,
    z: mk.z,
    pValue: mk.pValue,
    tau: mk.tau,
    senSlope: sen.slope,
    percentChange: change.percentChange,
    category,
    method: mk.method,
    hasTies: mk.hasTies,
  };
}
