import { presentValues, type RoundValues } from './round-series';

/** What to do with zero or negative values, which have no logarithm. */
export type NonPositivePolicy = 'refuse' | 'drop';

export interface LogLinearChangeOptions {
  /** Time of each value (default: its round index). */
  readonly times?: ArrayLike<number>;
  /**
   * `refuse` (default): any value ≤ 0 makes the result null with reason `non_positive_values`
   * (a load or concentration of 0 should not exist: non-detects are stored as LOQ/2).
   * `drop`: fit the positive values only and report how many were dropped.
   */
  readonly nonPositive?: NonPositivePolicy;
}

export interface LogLinearChangeResult {
  /** (e^{b·Δt} − 1)·100 over the window, or null when it cannot be estimated. */
  readonly percentChange: number | null;
  /** b, the OLS slope of ln(x) on t (per round or per unit of `times`). */
  readonly logSlopePerStep: number | null;
  /** Δt = last − first time among the values fitted. */
  readonly windowSpan: number;
  readonly nUsed: number;
  readonly droppedNonPositive: number;
  readonly reason: 'ok' | 'non_positive_values' | 'too_few_points';
}

/**
 * Percent change over the window from an ordinary-least-squares fit of ln(x) = a + b·t
 * (docs/design.md §4): (e^{b·Δt} − 1) × 100, Δt the span of the fitted times. A log-linear model
 * is the usual one for wastewater loads, whose changes are multiplicative.
 * Needs at least two fitted points at distinct times.
 * @example logLinearChange([100, 200, 400]).percentChange // 300 (doubling per round, 2 rounds)
 */
export function logLinearChange(
  values: RoundValues,
  options: LogLinearChangeOptions = {},
): LogLinearChangeResult {
  const present = presentValues(values, options.times);
  return logLinearChangeOfPresent(present.values, present.times, options.nonPositive ?? 'refuse');
}

/** The same fit on values already stripped of missing entries, with their times. */
export function logLinearChangeOfPresent(
  x: ArrayLike<number>,
  t: ArrayLike<number>,
  nonPositive: NonPositivePolicy = 'refuse',
): LogLinearChangeResult {
  let dropped = 0;
  let nUsed = 0;
  let sumT = 0;
  let sumY = 0;
  let firstT = Number.POSITIVE_INFINITY;
  let lastT = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v <= 0) {
      dropped++;
      continue;
    }
    const ti = t[i]!;
    nUsed++;
    sumT += ti;
    sumY += Math.log(v);
    if (ti < firstT) firstT = ti;
    if (ti > lastT) lastT = ti;
  }
  const windowSpan = nUsed > 0 ? lastT - firstT : 0;
  if (dropped > 0 && nonPositive === 'refuse') {
    return {
      percentChange: null,
      logSlopePerStep: null,
      windowSpan,
      nUsed: 0,
      droppedNonPositive: dropped,
      reason: 'non_positive_values',
    };
  }
  if (nUsed < 2 || windowSpan === 0) {
    return {
      percentChange: null,
      logSlopePerStep: null,
      windowSpan,
      nUsed,
      droppedNonPositive: dropped,
      reason: 'too_few_points',
    };
  }
  const meanT = sumT / nUsed;
  const meanY = sumY / nUsed;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v <= 0) continue;
    const dt = t[i]! - meanT;
    sxy += dt * (Math.log(v) - meanY);
    sxx += dt * dt;
  }
  const b = sxy / sxx;
  return {
    percentChange: Math.expm1(b * windowSpan) * 100,
    logSlopePerStep: b,
    windowSpan,
    nUsed,
    droppedNonPositive: dropped,
    reason: 'ok',
  };
}
