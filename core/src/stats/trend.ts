import { ValidationError } from '../errors/app-error';
import { censoredMannKendall } from './censored-mann-kendall';
import { censoredSenSlope } from './censored-sen-slope';
import { logLinearChangeOfPresent, type NonPositivePolicy } from './log-linear-change';
import { mannKendallOfPresent } from './mann-kendall';
import { presentValues, type PresentValues, type RoundValues } from './round-series';
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
  /**
   * Per value (same length as `values`): true when the round was below its limit, and then its
   * value is that limit ("<L"), not a substitute. Any censored present value switches the
   * test to the censored Mann-Kendall and Sen's slope (`test: 'censored-mann-kendall'`).
   */
  readonly censored?: ArrayLike<boolean>;
}

/** Which test scored the series: ordinary, or with below-limit values as censored. */
export type TrendTest = 'mann-kendall' | 'censored-mann-kendall';

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
  /** `censored-mann-kendall` when some present value was below its limit (always `normal`). */
  readonly test: TrendTest;
  /** Present values that were below their limit. */
  readonly censoredN: number;
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
 * With `censored` flags, a series holding a below-limit value is scored by the censored
 * Mann-Kendall and Sen's slope instead (`test` says which; see `censoredMannKendall`).
 * @example scoreTrend([100, 120, 115, 160, 190, 240]) // s 13, p 0.0167, senSlope 28, 'rising'
 */
export function scoreTrend(values: RoundValues, options: TrendOptions = {}): TrendScore {
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError('alpha must be in (0, 1)');
  const present = presentValues(values, options.times);
  const censoredPresent = censoredFlagsOfPresent(values, options.censored);
  if (censoredPresent.some(Boolean)) return scoreCensoredTrend(present, censoredPresent, alpha, options);
  const mk = mannKendallOfPresent(present.values);
  const sen = senSlopeOfPresent(present.values, present.times);
  const change = logLinearChangeOfPresent(present.values, present.times, options.nonPositive ?? 'refuse');

  const category = categoryOf(present.n, mk.pValue, mk.s, alpha);

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
    test: 'mann-kendall',
    censoredN: 0,
  };
}

function categoryOf(n: number, pValue: number, s: number, alpha: number): TrendCategory {
  if (n < TREND_MIN_ROUNDS) return 'insufficient_data';
  if (pValue < alpha && s > 0) return 'rising';
  if (pValue < alpha && s < 0) return 'falling';
  return 'stable';
}

/** The censored flags of the present (non-missing) values, in order. */
function censoredFlagsOfPresent(values: RoundValues, censored: ArrayLike<boolean> | undefined): boolean[] {
  if (censored === undefined) return [];
  if (censored.length !== values.length) {
    throw new ValidationError('censored must have one flag per value', {
      values: values.length,
      censored: censored.length,
    });
  }
  const flags: boolean[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || Number.isNaN(v)) continue;
    flags.push(Boolean(censored[i]));
  }
  return flags;
}

/**
 * The censored path (Helsel 2012 ch. 12; LWPTrends): Mann-Kendall with ambiguous pairs as ties
 * and the censored variance, Sen's slope with LWPTrends' rules. There is no exact null
 * distribution for censored S, so p is always the normal one. The percent change, which
 * only describes size, fits the values with censored ones at half their limit.
 */
function scoreCensoredTrend(
  present: PresentValues,
  censored: boolean[],
  alpha: number,
  options: TrendOptions,
): TrendScore {
  const series = { values: present.values, censored };
  const mk = censoredMannKendall(series);
  const sen = censoredSenSlope(series, present.times);
  const halved = present.values.map((v, i) => (censored[i] ? v / 2 : v));
  const change = logLinearChangeOfPresent(halved, present.times, options.nonPositive ?? 'refuse');
  return {
    n: present.n,
    s: mk.s,
    varS: mk.varS,
    z: mk.z,
    pValue: mk.pValue,
    tau: mk.tau,
    senSlope: sen.slope,
    percentChange: change.percentChange,
    category: categoryOf(present.n, mk.pValue, mk.s, alpha),
    method: 'normal',
    // Censoring shows as ties: the variance falls below the untied n(n−1)(2n+5)/18.
    hasTies: mk.varS < (present.n * (present.n - 1) * (2 * present.n + 5)) / 18,
    test: 'censored-mann-kendall',
    censoredN: mk.nCensored,
  };
}
